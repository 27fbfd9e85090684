/**
 * When Kaspi cancels an order nobody accepted (K3 in docs/kaspi-api.md): after 3 working hours, 60 minutes
 * for Express, counted from the order's creation on Kaspi. Kaspi counts that cancellation as the shop's fault.
 *
 * Kaspi does not publish which hours are "working" (the cabinet lets a shop set its own schedule), so the
 * shop says it: by default every day 09:00–18:00 Almaty time. Counting every day is the cautious choice — a
 * shop that is closed at weekends gets its warning early, never late. Express is 60 clock minutes.
 * Pure: no clock, no I/O.
 */

export interface WorkingHours {
  /** Minutes after Almaty midnight when the working day starts and ends (09:00 = 540). */
  startMinute: number;
  endMinute: number;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  days: ReadonlySet<number>;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { startMinute: 9 * 60, endMinute: 18 * 60, days: new Set([1, 2, 3, 4, 5, 6, 7]) };

export const STANDARD_ACCEPTANCE_WORKING_MINUTES = 180;
export const EXPRESS_ACCEPTANCE_MINUTES = 60;

/** Almaty is UTC+5 all year (no daylight saving since 2024), as kaspi/almaty-time.ts assumes. */
const ALMATY_OFFSET_MS = 5 * 60 * 60_000;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

/** Epoch ms at which Kaspi auto-cancels an unaccepted order created at `createdAt`. */
export function acceptanceDeadline(createdAt: number, express: boolean, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  if (express) return createdAt + EXPRESS_ACCEPTANCE_MINUTES * MINUTE_MS;
  return addWorkingMinutes(createdAt, STANDARD_ACCEPTANCE_WORKING_MINUTES, hours);
}

/** Whole minutes left before the deadline (negative once it has passed). */
export function minutesLeft(deadline: number, now: number): number {
  return Math.floor((deadline - now) / MINUTE_MS);
}

/** `from` plus `minutes` of working time: time outside working hours does not count. */
export function addWorkingMinutes(from: number, minutes: number, hours: WorkingHours): number {
  if (hours.days.size === 0 || hours.endMinute <= hours.startMinute) throw new Error('working hours must contain at least one working minute a week');
  let local = from + ALMATY_OFFSET_MS;
  let remaining = minutes * MINUTE_MS;
  // At most one working window per day; eight days always reach the next working day.
  for (let guard = 0; guard < 8 * Math.ceil(minutes / (hours.endMinute - hours.startMinute) + 1); guard++) {
    const dayStart = Math.floor(local / (DAY_MINUTES * MINUTE_MS)) * DAY_MINUTES * MINUTE_MS;
    const windowStart = dayStart + hours.startMinute * MINUTE_MS;
    const windowEnd = dayStart + hours.endMinute * MINUTE_MS;
    if (hours.days.has(isoWeekday(dayStart)) && local < windowEnd) {
      const start = Math.max(local, windowStart);
      if (start + remaining <= windowEnd) return start + remaining - ALMATY_OFFSET_MS;
      remaining -= windowEnd - start;
    }
    local = dayStart + DAY_MINUTES * MINUTE_MS;
  }
  throw new Error('working-hours arithmetic did not converge');
}

function isoWeekday(localDayStart: number): number {
  const day = new Date(localDayStart).getUTCDay();
  return day === 0 ? 7 : day;
}

/** `09:00-18:00` → minutes; throws a message naming the format. */
export function parseWorkingHours(range: string, days: string): WorkingHours {
  const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(range);
  if (!match) throw new Error(`working hours "${range}" are not HH:MM-HH:MM (e.g. 09:00-18:00)`);
  const [, sh, sm, eh, em] = match.map(Number);
  const startMinute = sh! * 60 + sm!;
  const endMinute = eh! * 60 + em!;
  if (startMinute >= endMinute || endMinute > DAY_MINUTES || sm! > 59 || em! > 59) throw new Error(`working hours "${range}" must start before they end, within one day`);
  const daySet = new Set(days.split(',').map((d) => d.trim()).filter(Boolean).flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    if (!Number.isInteger(a) || a! < 1 || a! > 7 || (b !== undefined && (!Number.isInteger(b) || b < a! || b > 7))) throw new Error(`working days "${days}" are not ISO weekdays 1–7 (e.g. 1-5 or 1,2,3,4,5,6)`);
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  }));
  if (daySet.size === 0) throw new Error('working days must name at least one day (1-7)');
  return { startMinute, endMinute, days: daySet };
}
