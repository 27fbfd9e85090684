import { DAY_MS } from './almaty-time.js';

/** Kaspi rejects `creationDate` filters spanning more than 14 days. */
export const MAX_CREATION_WINDOW_MS = 14 * DAY_MS;

export interface CreationWindow {
  from: number;
  to: number;
}

/** Splits an inclusive [from, to] range into consecutive, non-overlapping inclusive windows Kaspi accepts. */
export function splitCreationWindow(from: number, to: number, maxSpanMs = MAX_CREATION_WINDOW_MS): CreationWindow[] {
  const windows: CreationWindow[] = [];
  for (let start = from; start <= to; start += maxSpanMs) {
    windows.push({ from: start, to: Math.min(start + maxSpanMs - 1, to) });
  }
  return windows;
}
