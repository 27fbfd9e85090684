export type KaspiErrorKind =
  | 'authentication'
  | 'authorisation'
  | 'bad-request'
  | 'not-found'
  | 'configuration'
  | 'rate-limited'
  | 'transient'
  | 'bad-payload'
  | 'resource-unavailable';

export interface KaspiErrorDetails {
  httpStatus?: number;
  kaspiTitle?: string;
  retryAfterMs?: number;
  orderRef?: string;
  /** The body was not JSON at all (cut off, empty, an HTML or text page), as opposed to JSON of the wrong shape. */
  unreadableBody?: boolean;
}

const RETRYABLE_KINDS: ReadonlySet<KaspiErrorKind> = new Set(['rate-limited', 'transient']);

/**
 * Every failure of a Kaspi call, classified once. Retrying belongs to Temporal, which reads `retryable`
 * (and the subclass name, which becomes the failure type). Messages never contain the API token.
 */
export class KaspiError extends Error {
  override name = 'KaspiError';
  readonly retryable: boolean;
  readonly httpStatus?: number;
  readonly kaspiTitle?: string;
  readonly retryAfterMs?: number;
  readonly orderRef?: string;
  readonly unreadableBody: boolean;

  constructor(
    readonly kind: KaspiErrorKind,
    message: string,
    details: KaspiErrorDetails = {},
  ) {
    super(message);
    this.retryable = RETRYABLE_KINDS.has(kind);
    this.httpStatus = details.httpStatus;
    this.kaspiTitle = details.kaspiTitle;
    this.retryAfterMs = details.retryAfterMs;
    this.orderRef = details.orderRef;
    this.unreadableBody = details.unreadableBody ?? false;
  }
}

export class KaspiAuthenticationError extends KaspiError {
  override name = 'KaspiAuthenticationError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('authentication', message, details);
  }
}

export class KaspiAuthorisationError extends KaspiError {
  override name = 'KaspiAuthorisationError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('authorisation', message, details);
  }
}

export class KaspiBadRequestError extends KaspiError {
  override name = 'KaspiBadRequestError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('bad-request', message, details);
  }
}

export class KaspiNotFoundError extends KaspiError {
  override name = 'KaspiNotFoundError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('not-found', message, details);
  }
}

/** A POST attempted by a read-only (shadow mode) client: refused before it is sent, never retried. */
export class KaspiWriteRefusedError extends KaspiError {
  override name = 'KaspiWriteRefusedError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('configuration', message, details);
  }
}

export class KaspiConfigurationError extends KaspiError {
  override name = 'KaspiConfigurationError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('configuration', message, details);
  }
}

export class KaspiRateLimitedError extends KaspiError {
  override name = 'KaspiRateLimitedError';
  declare readonly retryAfterMs: number;
  constructor(message: string, details: KaspiErrorDetails & { retryAfterMs: number }) {
    super('rate-limited', message, details);
  }
}

export class KaspiTransientError extends KaspiError {
  override name = 'KaspiTransientError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('transient', message, details);
  }
}

export class KaspiBadPayloadError extends KaspiError {
  override name = 'KaspiBadPayloadError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('bad-payload', message, details);
  }
}

/**
 * One resource (an order, its entries, a waybill link) answered in a way that says nothing about the API as a
 * whole: a 403, an HTML 404 or a redirect for that one URL. The same answer on a list call is a configuration
 * or access problem (KaspiConfigurationError / KaspiAuthorisationError) and stops the run; here it is that
 * order's problem: it is flagged and looked at again later, and every other order goes on.
 */
export class KaspiResourceUnavailableError extends KaspiError {
  override name = 'KaspiResourceUnavailableError';
  constructor(message: string, details?: KaspiErrorDetails) {
    super('resource-unavailable', message, details);
  }
}
