/**
 * Deduplication of alerts: one alert per condition and subject. It fires once, reminds at most every
 * `reminderMinutes` while it holds, and says "resolved" once when it clears; a later recurrence is a new
 * episode. Only conditions that were actually evaluated this time may resolve: when a source could not be
 * read (Temporal unreachable, say), its alerts stay as they were rather than falsely clearing. Pure.
 */
import type { AlertFacts, Observation } from './alert-conditions.js';

export type NotificationKind = 'fired' | 'reminder' | 'resolved';

export interface StoredAlert {
  condition: string;
  subject: string;
  state: 'FIRING' | 'RESOLVED';
  facts: AlertFacts;
  firedAt: number;
  lastNotifiedAt: number;
}

export interface AlertTransition {
  condition: string;
  subject: string;
  kind: NotificationKind;
  facts: AlertFacts;
}

export interface Evaluation {
  observations: readonly Observation[];
  /** The conditions whose sources were read this time; a FIRING alert of one of them that is not observed resolves. */
  evaluated: ReadonlySet<string>;
}

export function alertTransitions(stored: readonly StoredAlert[], evaluation: Evaluation, now: number, reminderMinutes: number): AlertTransition[] {
  const byKey = new Map(stored.map((alert) => [key(alert.condition, alert.subject), alert]));
  const seen = new Set<string>();
  const transitions: AlertTransition[] = [];
  for (const observation of evaluation.observations) {
    const k = key(observation.condition, observation.subject);
    if (seen.has(k)) continue;
    seen.add(k);
    const alert = byKey.get(k);
    if (!alert || alert.state === 'RESOLVED') {
      transitions.push({ condition: observation.condition, subject: observation.subject, kind: 'fired', facts: observation.facts });
    } else if (now - alert.lastNotifiedAt >= reminderMinutes * 60_000) {
      transitions.push({ condition: observation.condition, subject: observation.subject, kind: 'reminder', facts: observation.facts });
    }
  }
  for (const alert of stored) {
    if (alert.state === 'FIRING' && evaluation.evaluated.has(alert.condition) && !seen.has(key(alert.condition, alert.subject))) {
      transitions.push({ condition: alert.condition, subject: alert.subject, kind: 'resolved', facts: alert.facts });
    }
  }
  return transitions;
}

function key(condition: string, subject: string): string {
  return `${condition}\u0000${subject}`;
}
