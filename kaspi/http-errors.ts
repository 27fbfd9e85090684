import type { IncomingHttpHeaders } from 'node:http';
import { errorDocument } from './schemas.js';
import {
  KaspiAuthenticationError,
  KaspiAuthorisationError,
  KaspiBadRequestError,
  KaspiConfigurationError,
  KaspiError,
  KaspiNotFoundError,
  KaspiRateLimitedError,
  KaspiResourceUnavailableError,
  KaspiTransientError,
} from './errors.js';

export const DEFAULT_RETRY_AFTER_MS = 5_000;
const MAX_TITLE_LENGTH = 300;

export interface FailedResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** What was being done, e.g. `GET /orders/{id}`; never contains the token. */
  operation: string;
  orderRef?: string;
  /**
   * What the URL stands for. `api`: a list or status-change call that every order goes through, so an odd answer
   * is about the whole API (configuration, access). `resource`: one order's own URL (GET /orders/{id}, its
   * entries, a waybill link), so an odd answer is that order's problem. Default `api`.
   */
  scope?: 'api' | 'resource';
}

/** The single place where Kaspi's HTTP answers become the error taxonomy. */
export function errorFromResponse(response: FailedResponse, now = Date.now()): KaspiError {
  const { statusCode: httpStatus, operation, orderRef } = response;
  const kaspiTitle = errorTitle(response.body);
  const about = `${operation}${orderRef ? ` (order ${orderRef})` : ''}`;
  const said = kaspiTitle ? `: ${kaspiTitle}` : '';
  const details = { httpStatus, kaspiTitle, orderRef };
  const oneResource = response.scope === 'resource';

  if (httpStatus === 401) {
    return new KaspiAuthenticationError(`Kaspi rejected the API token (HTTP 401) on ${about}; check KASPI_AUTH_TOKEN`, details);
  }
  if (httpStatus === 403) {
    if (oneResource) {
      return new KaspiResourceUnavailableError(`Kaspi refused access (HTTP 403) to ${about}${said}; this order is looked at again later`, details);
    }
    return new KaspiAuthorisationError(
      `Kaspi refused access (HTTP 403) on ${about}${said}; the token may lack API access or the request was blocked`,
      details,
    );
  }
  if (httpStatus === 404) {
    if (looksLikeHtml(response) && oneResource) {
      return new KaspiResourceUnavailableError(`Kaspi answered ${about} with an HTML 404 page; this order is looked at again later`, details);
    }
    if (looksLikeHtml(response)) {
      return new KaspiConfigurationError(
        `Kaspi answered ${about} with an HTML 404 page: the URL is wrong or the Accept header is missing; check KASPI_API_URL`,
        details,
      );
    }
    return new KaspiNotFoundError(`Kaspi found nothing for ${about}${said}`, details);
  }
  if (httpStatus === 429) {
    const retryAfterMs = retryAfterToMs(response.headers['retry-after'], now);
    return new KaspiRateLimitedError(`Kaspi rate-limited ${about}; retry after ${retryAfterMs} ms`, { ...details, retryAfterMs });
  }
  if (httpStatus === 408 || httpStatus >= 500) {
    return new KaspiTransientError(`Kaspi failed on ${about} with HTTP ${httpStatus}${said}`, details);
  }
  if (httpStatus >= 400) {
    return new KaspiBadRequestError(`Kaspi refused ${about} with HTTP ${httpStatus}${said}`, details);
  }
  if (httpStatus >= 300 && httpStatus < 400) {
    // Redirects are not followed: they would carry the token to wherever Kaspi points (e.g. http → https).
    const location = String(response.headers.location ?? 'nowhere');
    if (oneResource) {
      return new KaspiResourceUnavailableError(`Kaspi redirected ${about} (HTTP ${httpStatus}); the redirect is not followed and this order is looked at again later`, details);
    }
    return new KaspiConfigurationError(`Kaspi redirected ${about} to ${location}; check KASPI_API_URL`, details);
  }
  return new KaspiTransientError(`Kaspi answered ${about} with unexpected HTTP ${httpStatus}`, details);
}

/** Network-level failures (resets, timeouts, DNS, refused connections) are all worth retrying later. */
export function errorFromTransport(error: unknown, operation: string, orderRef?: string): KaspiError {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN';
  const reason = code === 'ETIMEDOUT' ? 'timed out' : `failed at the network level (${code})`;
  return new KaspiTransientError(`Kaspi request ${operation}${orderRef ? ` (order ${orderRef})` : ''} ${reason}`, { orderRef });
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function retryAfterToMs(header: string | string[] | undefined, now = Date.now()): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return DEFAULT_RETRY_AFTER_MS;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now);
}

function errorTitle(body: Buffer): string | undefined {
  try {
    const parsed = errorDocument.safeParse(JSON.parse(body.toString('utf8')));
    if (!parsed.success) return undefined;
    const first = parsed.data.errors[0];
    const title = first.title ?? first.detail;
    return title?.slice(0, MAX_TITLE_LENGTH);
  } catch {
    return undefined;
  }
}

function looksLikeHtml(response: FailedResponse): boolean {
  const contentType = String(response.headers['content-type'] ?? '');
  return contentType.includes('html') || response.body.toString('utf8', 0, 64).trimStart().startsWith('<');
}
