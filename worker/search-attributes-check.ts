/**
 * Start-up check that the namespace has every search attribute kaspi-sync's workflows set. On a cluster
 * where one is missing, each upsert would fail its workflow task and the run would sit "Running" for ever
 * (and, through the schedule, stop every later sync); the worker refuses to start instead, naming them.
 */
import type { NativeConnection } from '@temporalio/worker';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../domain/temporal-names.js';

export class MissingSearchAttributesError extends Error {
  override name = 'MissingSearchAttributesError';
}

/** The registration commands for what is missing, `temporal` CLI form (docs/operating.md has tctl's and Cloud's). */
export function registrationHint(namespace: string, missing: string[]): string {
  return missing
    .map((name) => `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${SEARCH_ATTRIBUTE_DEFINITIONS[name]}`)
    .join('\n  ');
}

/**
 * Throws MissingSearchAttributesError when the namespace lacks any; returns the list of what it checked.
 * A cluster that does not let this worker list search attributes (some Cloud API keys) is not a reason to
 * refuse to start: the returned `checked` is false and the caller logs a warning.
 */
export async function checkSearchAttributes(connection: NativeConnection, namespace: string): Promise<{ checked: boolean; reason?: string }> {
  let present: Set<string>;
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace });
    present = new Set(Object.keys(response.customAttributes ?? {}));
  } catch (error) {
    return { checked: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const missing = Object.keys(SEARCH_ATTRIBUTE_DEFINITIONS).filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new MissingSearchAttributesError(
      `namespace "${namespace}" lacks the search attributes ${missing.join(', ')} that kaspi-sync's workflows set; ` +
        `register them, then start the worker again:\n  ${registrationHint(namespace, missing)}`,
    );
  }
  return { checked: true };
}
