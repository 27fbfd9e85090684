import type { FaultSpec } from './faults.js';
import { encodeReply, htmlNotFound, kaspiError, type Reply } from './http-io.js';

/** Faults that replace the response outright, before the request is served. */
export function replacementReply(fault: FaultSpec): Reply | 'reset' {
  switch (fault.kind) {
    case 'reset':
      return 'reset';
    case 'status': {
      const status = fault.status ?? 500;
      const reply = kaspiError(status, `Injected HTTP ${status}`);
      return fault.retryAfterSeconds === undefined ? reply : { ...reply, headers: { 'retry-after': String(fault.retryAfterSeconds) } };
    }
    case 'html':
      return { ...htmlNotFound(), status: fault.status ?? 404 };
    case 'non-json':
      return { status: 200, text: 'Service temporarily unavailable. Please try again later.' };
    case 'malformed-json':
      return { status: 200, raw: '{"data":[{"type":"orders","id":"x",}],"meta":{' };
    default:
      return kaspiError(500, `Injected ${fault.kind}`);
  }
}

/** Faults that distort a real response, so the client sees a plausible but broken body. */
export function distortedReply(fault: FaultSpec, reply: Reply): Reply {
  if (fault.kind === 'truncated') {
    if (reply.pdf) return { ...reply, pdf: reply.pdf.subarray(0, Math.floor(reply.pdf.length / 2)) };
    const { payload } = encodeReply(reply);
    return { status: reply.status, raw: payload.subarray(0, Math.floor(payload.length / 2)).toString('utf8') };
  }
  if (fault.kind === 'schema') return { ...reply, pdf: undefined, json: violateSchema(reply.json) };
  if (fault.kind === 'page-count') return { ...reply, json: withPageCount(reply.json, fault.pageCount ?? 1000) };
  return reply;
}

export const DISTORTING_KINDS: ReadonlySet<FaultSpec['kind']> = new Set(['truncated', 'schema', 'page-count']);

/** Breaks a field every client reads (a price becomes text) while keeping the order's id and code readable. */
function violateSchema(json: unknown): unknown {
  const copy = structuredClone(json) as { data?: unknown } | undefined;
  const data = copy?.data;
  const resource = Array.isArray(data) ? data[0] : data;
  if (resource && typeof resource === 'object' && 'attributes' in resource) {
    const attributes = (resource as { attributes: Record<string, unknown> }).attributes;
    if ('totalPrice' in attributes) {
      attributes.totalPrice = '12 990 ₸';
      return copy;
    }
  }
  return { data: 'unexpected' };
}

function withPageCount(json: unknown, pageCount: number): unknown {
  const copy = structuredClone(json) as { meta?: Record<string, unknown> } | undefined;
  if (copy?.meta) copy.meta.pageCount = pageCount;
  return copy;
}
