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
  /** Kaspi has not produced the waybill yet: retried by a declared policy, then left for the next run. */
  waybillNotReady: 'WaybillNotReady',
  /** The order's data is unusable (e.g. a malformed entry); retrying cannot help. */
  orderDataInvalid: 'OrderDataInvalid',
  /** A run was started with settings that cannot work (e.g. a limit of 0): it fails at once, by name. */
  invalidSyncSettings: 'InvalidSyncSettings',
} as const;

/** Kaspi failures that retrying cannot fix; every Kaspi-facing retry policy lists them. */
export const NON_RETRYABLE_KASPI_FAILURES: string[] = [
  FailureTypes.kaspiAuthentication,
  FailureTypes.kaspiAuthorisation,
  FailureTypes.kaspiBadRequest,
  FailureTypes.kaspiNotFound,
  FailureTypes.kaspiConfiguration,
  FailureTypes.kaspiBadPayload,
  FailureTypes.orderDataInvalid,
];
