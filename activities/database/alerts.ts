/**
 * The alerts' durable state (tables alerts, alert_notifications, alert_deliveries): one evaluation's
 * transitions are written in one transaction — the alert rows, each message, and one delivery row per
 * configured channel — so a message is either recorded for every channel or for none, and an evaluation that
 * is retried or overlaps another (an advisory lock serialises them) never writes a message twice.
 */
import type { Database } from '../../platform/prisma-client.js';
import type { AlertFacts } from '../../domain/alert-conditions.js';
import { alertTransitions, type Evaluation, type StoredAlert } from '../../domain/alert-state.js';

export interface PendingDelivery { notificationId: number; channel: string }

/** pg_advisory_xact_lock key of alert evaluation ("kaspi-sync alerts"). */
const EVALUATION_LOCK = 7_316_004_014;

export async function recordEvaluation(db: Database, evaluation: Evaluation, options: { now: number; reminderMinutes: number; channels: readonly string[]; summaries?: { date: string; facts: AlertFacts }[] }): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${EVALUATION_LOCK})`);
    const subjects = [...new Set(evaluation.observations.map((o) => o.subject))];
    const rows = await tx.alert.findMany({ where: { OR: [{ state: 'FIRING' }, { subject: { in: subjects } }] } });
    const stored: StoredAlert[] = rows.map((row) => ({ condition: row.condition, subject: row.subject, state: row.state as StoredAlert['state'], facts: row.facts as unknown as AlertFacts, firedAt: row.firedAt.getTime(), lastNotifiedAt: row.lastNotifiedAt.getTime() }));
    const transitions = alertTransitions(stored, evaluation, options.now, options.reminderMinutes);
    const at = new Date(options.now);
    for (const t of transitions) {
      const facts = t.facts as object;
      const key = { condition_subject: { condition: t.condition, subject: t.subject } };
      if (t.kind === 'fired') {
        await tx.alert.upsert({ where: key, create: { condition: t.condition, subject: t.subject, state: 'FIRING', facts, firedAt: at, lastNotifiedAt: at }, update: { state: 'FIRING', facts, firedAt: at, lastNotifiedAt: at, resolvedAt: null } });
      } else if (t.kind === 'reminder') {
        await tx.alert.update({ where: key, data: { facts, lastNotifiedAt: at } });
      } else {
        await tx.alert.update({ where: key, data: { state: 'RESOLVED', resolvedAt: at } });
      }
      if (options.channels.length > 0) {
        await tx.alertNotification.create({ data: { condition: t.condition, subject: t.subject, kind: t.kind, facts, createdAt: at, deliveries: { create: options.channels.map((channel) => ({ channel })) } } });
      }
    }
    for (const summary of options.summaries ?? []) {
      // The summary of a day is an alert row too (condition daily_summary, subject the date): written once.
      const created = await tx.alert.createMany({ data: [{ condition: 'daily_summary', subject: summary.date, state: 'RESOLVED', facts: summary.facts as object, firedAt: at, lastNotifiedAt: at, resolvedAt: at }], skipDuplicates: true });
      if (created.count > 0 && options.channels.length > 0) {
        await tx.alertNotification.create({ data: { condition: 'daily_summary', subject: summary.date, kind: 'summary', facts: summary.facts as object, createdAt: at, deliveries: { create: options.channels.map((channel) => ({ channel })) } } });
      }
    }
    return transitions.length;
  });
}

/** What is still to be sent, oldest first. */
export async function pendingDeliveries(db: Database, limit = 100): Promise<PendingDelivery[]> {
  const rows = await db.alertDelivery.findMany({ where: { deliveredAt: null, givenUpAt: null }, orderBy: [{ notificationId: 'asc' }, { channel: 'asc' }], take: limit, select: { notificationId: true, channel: true } });
  return rows;
}

export async function deliveryToSend(db: Database, delivery: PendingDelivery) {
  return db.alertDelivery.findUnique({ where: { notificationId_channel: { notificationId: delivery.notificationId, channel: delivery.channel } }, include: { notification: true } });
}

export async function recordDelivered(db: Database, delivery: PendingDelivery, at: number): Promise<void> {
  await db.alertDelivery.update({ where: { notificationId_channel: { notificationId: delivery.notificationId, channel: delivery.channel } }, data: { deliveredAt: new Date(at), attempts: { increment: 1 }, lastError: null } });
}

export async function recordFailedAttempt(db: Database, delivery: PendingDelivery, error: string): Promise<void> {
  await db.alertDelivery.update({ where: { notificationId_channel: { notificationId: delivery.notificationId, channel: delivery.channel } }, data: { attempts: { increment: 1 }, lastError: error.slice(0, 300) } });
}

export async function recordGivenUp(db: Database, delivery: PendingDelivery, at: number, reason: string): Promise<void> {
  await db.alertDelivery.updateMany({ where: { notificationId: delivery.notificationId, channel: delivery.channel, deliveredAt: null }, data: { givenUpAt: new Date(at), lastError: reason.slice(0, 300) } });
}
