/**
 * Kaspi misbehaving on a share of requests: 5xx, 429 with Retry-After, slow replies beyond the client's
 * timeout, connection resets (some after Kaspi already applied a status change, i.e. a lost reply) and
 * broken bodies. Which faults a run gets, and how often they hit, come from the run's seed.
 */
import type { FaultSpec, KaspiSandbox, LoggedRequest } from '../sandbox/index.js';
import { integerBetween } from '../sandbox/prng.js';

/** The client timeout the chaos workers run with; latency faults straddle it. */
export const CHAOS_REQUEST_TIMEOUT_MS = 2_000;

interface FaultKind {
  name: string;
  spec: (random: () => number) => FaultSpec;
  /** Upper bound of the share of matching requests hit. */
  maxProbability: number;
}

const KINDS: FaultKind[] = [
  { name: 'http-5xx', maxProbability: 0.08, spec: (r) => ({ kind: 'status', status: [500, 502, 503, 504][integerBetween(r, 0, 3)] }) },
  { name: 'http-429', maxProbability: 0.06, spec: (r) => ({ kind: 'status', status: 429, retryAfterSeconds: integerBetween(r, 1, 2) }) },
  { name: 'latency', maxProbability: 0.06, spec: (r) => ({ kind: 'latency', latencyMs: integerBetween(r, 300, 3_000) }) },
  { name: 'reset', maxProbability: 0.04, spec: () => ({ kind: 'reset' }) },
  { name: 'lost-reply', maxProbability: 0.15, spec: (r) => ({ route: 'post-order', kind: r() < 0.5 ? 'reset' : 'status', status: 502, applyThenFail: true }) },
  { name: 'truncated', maxProbability: 0.03, spec: () => ({ kind: 'truncated' }) },
  { name: 'malformed-json', maxProbability: 0.02, spec: () => ({ kind: 'malformed-json' }) },
  { name: 'non-json', maxProbability: 0.02, spec: () => ({ kind: 'non-json' }) },
];

/** Arms a random subset of fault kinds on the sandbox; returns their names. */
export function armKaspiFaults(sandbox: KaspiSandbox, random: () => number): string[] {
  const armed: string[] = [];
  for (const kind of KINDS) {
    if (random() < 0.35) continue;
    sandbox.injectFault({ ...kind.spec(random), probability: kind.maxProbability * (0.3 + 0.7 * random()) });
    armed.push(kind.name);
  }
  return armed;
}

/** Faults that really hit a request, by kind, from the sandbox's request log. */
export function countKaspiFaults(requests: LoggedRequest[], into: Record<string, number>): void {
  for (const request of requests) {
    if (!request.fault) continue;
    let name = request.fault;
    if (name.endsWith('-after-apply')) name = 'lost-reply';
    else if (name === 'status') name = request.status === 429 ? 'http-429' : 'http-5xx';
    const key = `kaspi:${name}`;
    into[key] = (into[key] ?? 0) + 1;
  }
}
