import type { z } from 'zod';
import { KaspiBadPayloadError } from './errors.js';

type PathKey = PropertyKey;

/**
 * Parses and validates a Kaspi body. A mismatch becomes a KaspiBadPayloadError naming the order and the
 * offending field, so a changed payload fails loudly at the edge instead of deep in business code.
 * Field values are never quoted: they may be customer data.
 */
export function parsePayload<S extends z.ZodType>(
  schema: S,
  body: Buffer,
  operation: string,
  knownOrderRef?: string,
): z.infer<S> {
  const json = parseJson(body, operation, knownOrderRef);
  const result = schema.safeParse(json);
  if (result.success) return result.data;

  const issue = result.error.issues[0];
  const orderRef = knownOrderRef ?? orderRefAt(json, issue.path);
  throw new KaspiBadPayloadError(
    `Kaspi ${operation} returned an unexpected payload${orderRef ? ` for order ${orderRef}` : ''} at ${formatPath(issue.path)}: ${issue.message}`,
    { orderRef },
  );
}

/** One element of a list that failed validation: who it was (when that can be read) and what was wrong. */
export interface RejectedElement {
  orderId: string | null;
  orderCode: string | null;
  /** The offending field and the rule it broke; never the field's value (it may be customer data). */
  problem: string;
}

/**
 * Validates one element of an already parsed list page on its own, so a single malformed order is reported
 * (by id and code where they can be read) instead of failing the whole page.
 */
export function validateElement<S extends z.ZodType>(
  schema: S,
  element: unknown,
  /** Its position on the page, so the problem names the field as it sits in the document (`data[3]…`). */
  index: number,
): { ok: true; value: z.infer<S> } | { ok: false; rejected: RejectedElement } {
  const result = schema.safeParse(element);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const id = isRecord(element) && typeof element.id === 'string' ? element.id : null;
  const rawCode = isRecord(element) && isRecord(element.attributes) ? element.attributes.code : undefined;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : null;
  return { ok: false, rejected: { orderId: id, orderCode: code, problem: `${formatPath(['data', index, ...issue.path])}: ${issue.message}` } };
}

function parseJson(body: Buffer, operation: string, orderRef?: string): unknown {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message quotes the body, which may hold customer data, so it is not passed on.
    const what =
      text.trim() === ''
        ? 'an empty body'
        : text.trimStart().startsWith('<')
          ? 'an HTML page instead of JSON'
          : `a body that is not valid JSON (${body.length} bytes, possibly truncated)`;
    throw new KaspiBadPayloadError(`Kaspi ${operation} returned ${what}${orderRef ? ` for order ${orderRef}` : ''}`, {
      orderRef,
      unreadableBody: true,
    });
  }
}

/** Finds the order a failing path points into: `data[i]` of a list, or a single `data` resource. */
function orderRefAt(json: unknown, path: readonly PathKey[]): string | undefined {
  if (!isRecord(json) || path[0] !== 'data') return undefined;
  const resource = typeof path[1] === 'number' && Array.isArray(json.data) ? json.data[path[1]] : json.data;
  if (!isRecord(resource) || resource.type !== 'orders') return undefined;
  const code = isRecord(resource.attributes) ? resource.attributes.code : undefined;
  const id = typeof resource.id === 'string' ? resource.id : undefined;
  if ((typeof code === 'string' || typeof code === 'number') && id) return `${code} (id ${id})`;
  return typeof code === 'string' ? code : id;
}

function formatPath(path: readonly PathKey[]): string {
  if (path.length === 0) return 'the top level';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
