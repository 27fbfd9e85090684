/** Operator-facing failures of the CLI, each with its exit code (documented in docs/operating.md). */
export const ExitCode = {
  ok: 0,
  /** The operation ran and failed (e.g. the sync run failed). */
  failed: 1,
  usage: 2,
  configuration: 3,
  /** No such schedule, order or workflow. */
  notFound: 4,
} as const;

export class UsageError extends Error {
  override name = 'UsageError';
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
