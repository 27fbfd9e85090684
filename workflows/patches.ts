/**
 * patched() markers of workflow code changes that running workflows must survive (docs/operating.md
 * "Upgrading"). A marker stays until no history without it can still be running, then the old branch is
 * removed with deprecatePatch() first. Never rename or reuse one.
 */
export const Patches = {
  /** 2026-12: sync runs take the steady-state path (workflows/order-sync.ts); older runs the legacy one. */
  steadyStateRun: 'steady-state-run-2026-12',
  /** 2026-12: an order workflow tells its sync run right after acceptance, before assembling. */
  settleOnAcceptance: 'settle-on-acceptance-2026-12',
  /** 2026-12: a run resolves its settings in an activity (recorded), not with the defaults in workflow code. */
  resolvedRunSettings: 'resolved-run-settings-2026-12',
  /** 2026-12: a held order continues as new every so many re-checks and upserts its memo only on change. */
  boundedHeldHistory: 'bounded-held-history-2026-12',
  /** 2026-12: a Kaspi Delivery order's workflow assembles when Kaspi allows it and waits durably for its waybill. */
  waybillCapture: 'waybill-capture-2026-12',
  /**
   * 2026-12 (issue 17): an order's reservation, a Kaspi Delivery order's ASSEMBLE and its waybill looks run as
   * local activities (a marker each instead of an activity task and its workflow task), and no waybill look
   * happens in the same moment as a freshly sent ASSEMBLE (the first one waits 5 s). One marker for the three:
   * every patched() costs two history events (the marker and the TemporalChangeVersion upsert core adds).
   * (Before any release these were three markers; `local-packing-steps-2026-12` and
   * `waybill-look-after-assemble-2026-12` were folded into this one and never shipped.)
   */
  localReservation: 'local-reservation-2026-12',
} as const;
