/**
 * The waybill step of one run: at most maxWaybillsPerRun candidates, maxWaybillsInFlight at once, nothing
 * started after the run's time budget. Orders whose workflow is still running are left out: that workflow
 * assembles them itself, and two senders of ASSEMBLE could make Kaspi issue a second waybill.
 */
import { FailureTypes } from '../../domain/failure-types.js';
import { databaseSteps, waybills } from '../activity-proxies.js';
import { forEachBounded } from '../bounded.js';
import { describeFailure, failureType, isFatal } from './failures.js';

/** Failures that belong to one order (its link, its data), not to Kaspi as a whole. */
const ORDER_OWN_FAILURES = new Set<string>([FailureTypes.kaspiResourceUnavailable, FailureTypes.kaspiBadPayload, FailureTypes.kaspiBadRequest, FailureTypes.kaspiNotFound]);
import { stepFailed, timeLeft, type RunContext } from './run-context.js';

export async function collectWaybills(run: RunContext, stillRunning: ReadonlySet<string>): Promise<void> {
  const { summary, settings } = run;
  try {
    const candidates = (await databaseSteps.listWaybillCandidates(settings.maxWaybillsPerRun + stillRunning.size, settings.waybillRetentionDays))
      .filter((c) => !stillRunning.has(c.orderCode))
      .slice(0, settings.maxWaybillsPerRun);
    let attempted = 0;
    let failedTransiently = 0;
    await forEachBounded(candidates, settings.maxWaybillsInFlight, async (candidate) => {
      if (timeLeft(run) === 0) {
        summary.waybillsPending += 1;
        return;
      }
      attempted += 1;
      try {
        const result = await waybills.collectWaybill(candidate, { parcelRule: settings.parcelRule, numberOfSpace: settings.numberOfSpace }, settings.assembleConfirmMinutes);
        if (result.stored) summary.waybillsStored += 1;
        else summary.waybillsPending += 1;
      } catch (error) {
        // Not produced yet after the declared wait: a later run tries again; no error worth reporting.
        summary.waybillsPending += 1;
        if (failureType(error) === FailureTypes.waybillNotReady) return;
        if (isFatal(error)) throw error;
        // One order's odd answer (a dead link, a 403, bad data) is that order's: recorded, the others go on.
        summary.errors.push({ orderCode: candidate.orderCode, step: 'waybill', message: describeFailure(error) });
        if (!ORDER_OWN_FAILURES.has(failureType(error) ?? '')) failedTransiently += 1;
      }
    });
    // Every waybill failed with what is not any one order's fault (5xx, timeouts): Kaspi is not answering.
    if (attempted > 0 && failedTransiently === attempted) {
      stepFailed(run, 'waybills', new Error(`all ${attempted} waybill downloads failed; Kaspi may be unavailable`));
    }
  } catch (error) {
    stepFailed(run, 'waybills', error);
  }
}
