/**
 * Kaspi builds day boundaries in Almaty time. Kazakhstan has used a single fixed UTC+5 offset without DST
 * since 2024-03-01, so plain arithmetic is exact and avoids depending on the host's tzdata version.
 */
export const ALMATY_UTC_OFFSET_MS = 5 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function startOfAlmatyDay(epochMs: number): number {
  return Math.floor((epochMs + ALMATY_UTC_OFFSET_MS) / DAY_MS) * DAY_MS - ALMATY_UTC_OFFSET_MS;
}

export function endOfAlmatyDay(epochMs: number): number {
  return startOfAlmatyDay(epochMs) + DAY_MS - 1;
}

/** `YYYY-MM-DD` of the Almaty calendar day containing the instant. */
export function almatyDate(epochMs: number): string {
  return new Date(epochMs + ALMATY_UTC_OFFSET_MS).toISOString().slice(0, 10);
}
