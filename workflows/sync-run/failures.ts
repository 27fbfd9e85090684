/** How a sync run reads the failures of its activities and children (workflow code: deterministic). */
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure } from '@temporalio/workflow';
import { FailureTypes } from '../../domain/failure-types.js';

/** Failures after which nothing in this run can succeed: the run fails loudly instead of limping on. */
const FATAL_FAILURES = new Set<string>([FailureTypes.kaspiAuthentication, FailureTypes.kaspiAuthorisation, FailureTypes.kaspiConfiguration]);

/** The failure at the root: a child's failure wraps its activity's failure, which wraps the real one. */
export function rootCause(error: unknown): unknown {
  let current = error;
  while ((current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) && current.cause) current = current.cause;
  return current;
}

export function failureType(error: unknown): string | undefined {
  const cause = rootCause(error);
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

export function describeFailure(error: unknown): string {
  const cause = rootCause(error);
  return cause instanceof Error ? cause.message : String(cause);
}

export function isFatal(error: unknown): boolean {
  return FATAL_FAILURES.has(failureType(error) ?? '');
}
