import got, { type Got } from 'got';
import { assertValidConfig, cleanToken, type KaspiClientConfig } from './config.js';
import { errorFromResponse, errorFromTransport } from './http-errors.js';
import { KaspiWriteRefusedError } from './errors.js';
import { RequestLimiter } from './request-limiter.js';

export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';

export interface KaspiRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Short description for error messages, e.g. `GET /orders/{id}`. */
  operation: string;
  body?: unknown;
  accept?: string;
  orderRef?: string;
  signal?: AbortSignal;
  /** See FailedResponse.scope: whether an odd answer concerns the whole API or this one resource. */
  scope?: 'api' | 'resource';
  /** Headers of this one request (the two-step COMPLETED's X-Security-Code and X-Send-Code). */
  headers?: Record<string, string>;
}

/**
 * Told of every request's end: its operation (`GET /orders/{id}`, never an ID or URL) and the HTTP status, or
 * `timeout` / `network-error` when no answer came. The worker's metrics and Kaspi-reachability alerts listen.
 */
export type KaspiRequestObserver = (kind: string, status: string) => void;

/**
 * Sends one HTTP request to Kaspi through the limiter and returns the 2xx body, or throws the mapped
 * KaspiError. Retries are off on purpose: Temporal owns retrying, with backoff and visibility (the one
 * exception, a GET whose body is not JSON at all, is read again by KaspiClient.get).
 */
export class KaspiHttpTransport {
  readonly stats: { requests: number; observe?: KaspiRequestObserver } = { requests: 0 };
  private readonly http: Got;
  private readonly limiter: RequestLimiter;
  /** The configured API's origin: the only one the token is sent to. */
  private readonly apiOrigin: string;
  private readonly readOnly: boolean;

  constructor(config: KaspiClientConfig) {
    assertValidConfig(config);
    this.readOnly = config.readOnly ?? false;
    this.limiter = new RequestLimiter(config.maxConcurrentRequests, config.maxRequestsPerSecond);
    this.apiOrigin = new URL(config.baseUrl).origin;
    this.http = got.extend({
      headers: {
        'x-auth-token': cleanToken(config.token),
        'content-type': config.contentType,
        accept: JSON_API_MEDIA_TYPE,
        'user-agent': config.userAgent,
        ...(config.merchantUid ? { 'x-merchant-uid': config.merchantUid } : {}),
      },
      timeout: { request: config.requestTimeoutMs },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
    });
  }

  async send(request: KaspiRequest): Promise<Buffer> {
    if (this.readOnly && request.method !== 'GET') {
      throw new KaspiWriteRefusedError(`shadow mode (KASPI_SYNC_MODE=shadow): ${request.operation} was not sent — a shadow run never changes anything on Kaspi`, { orderRef: request.orderRef });
    }
    const response = await this.limiter.run(async () => {
      request.signal?.throwIfAborted();
      this.stats.requests += 1;
      try {
        return await this.http(request.url, {
          method: request.method,
          body: request.body === undefined ? undefined : JSON.stringify(request.body),
          headers: {
            ...request.headers,
            ...(request.accept ? { accept: request.accept } : {}),
            // A link on another host (a waybill on storage or a CDN) never gets the API token.
            ...(new URL(request.url).origin === this.apiOrigin ? {} : { 'x-auth-token': undefined }),
          },
          signal: request.signal,
          responseType: 'buffer',
        });
      } catch (error) {
        request.signal?.throwIfAborted();
        this.stats.observe?.(request.operation, (error as { code?: string }).code === 'ETIMEDOUT' ? 'timeout' : 'network-error');
        // got's error carries the request options, token included, so only its code travels on.
        throw errorFromTransport(error, request.operation, request.orderRef);
      }
    });
    this.stats.observe?.(request.operation, String(response.statusCode));
    if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
    throw errorFromResponse({
      statusCode: response.statusCode,
      headers: response.headers,
      body: response.body,
      operation: request.operation,
      orderRef: request.orderRef,
      scope: request.scope,
    });
  }
}
