/**
 * A rejected token (401, or a 403 on a call every order goes through) stops the run loudly; the operator also
 * finds the reason in log_events. Shared by every Kaspi-facing step of the sync run.
 */
import { log } from '@temporalio/activity';
import { KaspiAuthenticationError, KaspiAuthorisationError } from '../kaspi/index.js';
import type { Database } from '../platform/prisma-client.js';
import { recordEvent } from './database/business-events.js';

export async function recordTokenRejection(db: Database, error: unknown, step: string): Promise<void> {
  if (!(error instanceof KaspiAuthenticationError || error instanceof KaspiAuthorisationError)) return;
  await recordEvent(db, { level: 'ERROR', message: `Kaspi rejected the API token during ${step}`, extra: { error: error.message } }).catch(() => undefined);
  log.error('Kaspi rejected the API token', { step, error: error.message });
}

/** Runs `work`; a token rejection on the way is recorded before the error travels on. */
export async function reportingTokenRejection<T>(db: Database, step: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await recordTokenRejection(db, error, step);
    throw error;
  }
}
