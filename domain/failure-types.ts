/**
 * Failure types (ApplicationFailure.type) that activities raise and retry policies name. The Kaspi ones
 * are the class names of the Kaspi client's error taxonomy (kaspi/errors.ts).
 */
export const FailureTypes = {
  kaspiAuthentication: 'KaspiAuthenticationError',
  kaspiAuthorisation: 'KaspiAuthorisationError',
  kaspiBadRequest: 'KaspiBadRequestError',
  kaspiNotFound: 'KaspiNotFoundError',
  kaspiConfiguration: 'KaspiConfigurationError',
  kaspiBadPayload: 'KaspiBadPayloadError',
  kaspiRateLimited: 'KaspiRateLimitedError',
  kaspiTransient: 'KaspiTransientError',
  /** One order's URL (the order, its entries, its waybill link) answered 403 / HTML 404 / 3xx: that order's problem. */
  kaspiResourceUnavailable: 'KaspiResourceUnavailableError',
  /** Kaspi listed the order but does not know it when asked right after: a later run takes it again. */
  orderNotVisibleYet: 'OrderNotVisibleYet',
  /** Kaspi has not produced the waybill yet: retried by a declared policy, then left for the next run. */
  waybillNotReady: 'WaybillNotReady',
  /** The order's data is unusable (e.g. a malformed entry); retrying cannot help. */
  orderDataInvalid: 'OrderDataInvalid',
  /** A run was started with settings that cannot work (e.g. a limit of 0): it fails at once, by name. */
  invalidSyncSettings: 'InvalidSyncSettings',
  /** A live-mode activity asked of a shadow-mode worker (activities/shadow-guard.ts). */
  shadowModeRefusal: 'ShadowModeRefusal',
} as const;

/** Kaspi failures that retrying cannot fix; every Kaspi-facing retry policy lists them. */
export const NON_RETRYABLE_KASPI_FAILURES: string[] = [
  FailureTypes.kaspiAuthentication,
  FailureTypes.kaspiAuthorisation,
  FailureTypes.kaspiBadRequest,
  FailureTypes.kaspiNotFound,
  FailureTypes.kaspiConfiguration,
  FailureTypes.kaspiBadPayload,
  FailureTypes.kaspiResourceUnavailable,
  FailureTypes.orderDataInvalid,
  FailureTypes.orderNotVisibleYet,
];
