import type { WaybillDelays } from './waybill-delays.js';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  token: string;
  merchantId: string;
  /** Delay between ASSEMBLE and the waybill appearing on the order (Kaspi: "a few seconds"). */
  waybillDelayMs: number;
  /** `fixed`: waybillDelayMs every time; `measured-2026`: drawn from the measured distribution (Q9, p90 ≈ 179 s). */
  waybillDelays: WaybillDelays;
  /**
   * Short-lived waybill links (Q8, 2026): every read of the order hands out a fresh link that answers 404 once
   * it is older than this, and every link answers 404 for good once the parcel is handed over. null: one link
   * per waybill that lives for ever.
   */
  waybillLinkTtlMs: number | null;
  /** Added to every API request. */
  latencyMs: number;
  /** Kaspi answers a request without `Accept` with an HTML 404 page. */
  requireAcceptHeader: boolean;
  /** Q3: whether `filter[orders][state]` is mandatory on GET /orders. */
  requireState: boolean;
  /** Q1: re-sending ACCEPTED_BY_MERCHANT to an accepted order. */
  reacceptBehaviour: 'ok' | 'error';
  /**
   * Q2: re-sending ASSEMBLE to an assembled order. `ok` keeps the first waybill; `new-waybill` (2026, live):
   * Kaspi issues a second waybill with a new number, the first link and label stop being valid.
   */
  reassembleBehaviour: 'ok' | 'error' | 'new-waybill';
  /** One team reports Kaspi refuses cancellation after ASSEMBLE; unconfirmed, hence a switch. */
  cancelAfterAssembleAllowed: boolean;
  /** Substrings of User-Agents the simulated WAF rejects with 403. */
  blockedUserAgents: string[];
  /** Old documentation samples use links relative to the API root (`/v2/orders/…`). */
  relativeLinks: boolean;
  /**
   * Waybill links point at another host (here `localhost` instead of `127.0.0.1`, same server), the way a
   * storage or CDN link would, and are served there without a token (pre-signed). The client must not send
   * the API token to that host.
   */
  foreignWaybillHost: boolean;
  /**
   * Orders as the 2026 guide shows them: `recipient` (a trusted recipient's name and phone), `phoneAlias`,
   * `completionDate` on completed orders, and a `customer` without `cellPhone`.
   */
  fields2026: boolean;
  /** Order codes are allocated from here up; separate sandboxes sharing one Temporal server need
   * separate ranges, because the order code names the order's workflow. */
  firstOrderCode: number;
  /**
   * Q16: what Kaspi does with `include[orders]=entries` on GET /orders. `served`: every listed order's lines come
   * in `included` (`orderentries`, linked from `relationships.entries.data`); `ignored`: the list is answered as
   * without it (today's documented behaviour, the default); `refused`: 400 for the whole request.
   */
  listIncludeEntries: 'served' | 'ignored' | 'refused';
  /** Seeds the fault-probability generator. */
  seed: number;
  /** The sandbox clock; tests may freeze or advance it. */
  now: () => number;
  /**
   * Awaited before every API request is served. Tests on Temporal's time-skipping server set the sandbox's
   * clock (`now`) to the server's time here, so a waybill due "in 3 minutes" appears when the workflow's timers
   * say 3 minutes have passed.
   */
  beforeEachRequest?: () => Promise<void>;
}

export const GOT_DEFAULT_USER_AGENT = 'got (https://github.com/sindresorhus/got)';

export function withDefaults(options: Partial<SandboxOptions> = {}): SandboxOptions {
  return {
    port: 0,
    host: '127.0.0.1',
    token: 'sandbox-token',
    merchantId: '30123456',
    waybillDelayMs: 3000,
    waybillDelays: 'fixed',
    waybillLinkTtlMs: null,
    latencyMs: 0,
    requireAcceptHeader: true,
    requireState: true,
    reacceptBehaviour: 'error',
    reassembleBehaviour: 'error',
    cancelAfterAssembleAllowed: false,
    blockedUserAgents: [GOT_DEFAULT_USER_AGENT, 'python-httpx/'],
    relativeLinks: false,
    foreignWaybillHost: false,
    fields2026: false,
    listIncludeEntries: 'ignored',
    firstOrderCode: 712_000_001,
    seed: 1,
    now: Date.now,
    ...options,
  };
}
