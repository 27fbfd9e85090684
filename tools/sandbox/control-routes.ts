import type { FaultSpec } from './faults.js';
import type { GenerateOptions } from './generator.js';
import { jsonReply, type Reply } from './http-io.js';
import { LifecycleError } from './lifecycle.js';
import type { OrderSpec } from './model.js';
import type { CountedAction } from './request-log.js';
import type { KaspiSandbox } from './sandbox.js';

export const CONTROL_PREFIX = '/__sandbox/';

type LifecycleEvent = (sandbox: KaspiSandbox, body: Record<string, unknown>) => void;

const LIFECYCLE_EVENTS: Record<string, LifecycleEvent> = {
  'buyer-cancel': (s, b) => s.buyerCancel(code(b)),
  'hand-over': (s, b) => s.handOverToCourier(code(b), typeof b.at === 'number' ? b.at : undefined),
  'kaspi-cancel': (s, b) => s.kaspiCancel(code(b), typeof b.reason === 'string' ? b.reason : 'TECHNICAL_PROBLEM_CANCELLATION'),
  'unlisted-status': (s, b) => s.showUnlistedStatus(code(b), String(b.status), typeof b.state === 'string' ? b.state : undefined),
  'cancel-in-delivery': (s, b) => s.cancelInDelivery(code(b)),
  'returned-to-warehouse': (s, b) => s.markReturnedToWarehouse(code(b)),
  'archive-cancelled': (s, b) => s.archiveCancelled(code(b)),
  complete: (s, b) => s.complete(code(b)),
  'request-return': (s, b) => s.requestReturn(code(b)),
  'complete-return': (s, b) => s.completeReturn(code(b)),
  'change-line': (s, b) => s.changeLine(code(b), Number(b.entryNumber), Number(b.quantity)),
};

/**
 * The same operations as the in-process API, as JSON over HTTP under /__sandbox/, for demos and for
 * tests that run the sandbox in another process. No token: it is a local test tool.
 */
export function handleControlRequest(sandbox: KaspiSandbox, method: string, url: URL, body: unknown): Reply {
  const route = `${method} ${url.pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, '')}`;
  const input = isRecord(body) ? body : {};
  try {
    if (route === 'GET orders') return jsonReply(200, sandbox.orders());
    if (route === 'POST orders') return jsonReply(201, sandbox.createOrder(input as unknown as OrderSpec));
    if (route.startsWith('GET orders/')) {
      const order = sandbox.order(decodeURIComponent(route.slice('GET orders/'.length)));
      return order ? jsonReply(200, order) : jsonReply(404, { error: 'No such order' });
    }
    if (route === 'POST generate') {
      return jsonReply(201, sandbox.generateOrders(Number(input.count ?? 10), input as GenerateOptions));
    }
    if (route === 'POST lifecycle/auto-cancel') {
      const now = typeof input.now === 'number' ? input.now : undefined;
      return jsonReply(200, { codes: sandbox.autoCancelUnaccepted(Number(input.olderThanMs), now) });
    }
    if (route.startsWith('POST lifecycle/')) {
      const event = LIFECYCLE_EVENTS[route.slice('POST lifecycle/'.length)];
      if (!event) return jsonReply(404, { error: `Unknown lifecycle event; one of ${Object.keys(LIFECYCLE_EVENTS).join(', ')}, auto-cancel` });
      event(sandbox, input);
      return jsonReply(200, sandbox.order(code(input)));
    }
    if (route === 'POST faults') {
      sandbox.injectFault(input as unknown as FaultSpec);
      return jsonReply(201, { ok: true });
    }
    if (route === 'DELETE faults') {
      sandbox.clearFaults();
      return jsonReply(200, { ok: true });
    }
    if (route === 'GET requests') return jsonReply(200, sandbox.requests());
    if (route === 'DELETE requests') {
      sandbox.clearRequests();
      return jsonReply(200, { ok: true });
    }
    if (route === 'GET action-count') {
      const action = (url.searchParams.get('action') ?? '') as CountedAction;
      return jsonReply(200, { count: sandbox.actionCount(url.searchParams.get('code') ?? '', action) });
    }
    return jsonReply(404, { error: `Unknown sandbox control route ${route}` });
  } catch (error) {
    const status = error instanceof LifecycleError ? 409 : 400;
    return jsonReply(status, { error: error instanceof Error ? error.message : String(error) });
  }
}

function code(body: Record<string, unknown>): string {
  if (typeof body.code !== 'string') throw new Error('Body needs the order "code"');
  return body.code;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
