/**
 * How long Kaspi takes to produce a waybill after ASSEMBLE. `fixed` is `waybillDelayMs` every time;
 * `measured-2026` draws from one team's measurement over 316 real orders (docs/kaspi-api.md §2.5, Q9):
 * 69 % within 15 s, 16 % within a minute, 5 % within 3 minutes (so p90 ≈ 179 s), and the last 10 % up to 7
 * minutes. Draws are seeded, so a test sees the same delays every time.
 */
import { seededRandom } from './prng.js';

export type WaybillDelays = 'fixed' | 'measured-2026';

const SECOND = 1000;
/** [share of orders, from ms, to ms], in order. */
const MEASURED_2026: readonly [number, number, number][] = [
  [0.69, 2 * SECOND, 15 * SECOND],
  [0.16, 15 * SECOND, 60 * SECOND],
  [0.05, 60 * SECOND, 179 * SECOND],
  [0.1, 179 * SECOND, 420 * SECOND],
];

export function waybillDelaySource(kind: WaybillDelays, fixedMs: number, seed: number): () => number {
  if (kind === 'fixed') return () => fixedMs;
  const random = seededRandom(seed ^ 0x9a7b111);
  return () => {
    let roll = random();
    for (const [share, from, to] of MEASURED_2026) {
      if (roll < share) return Math.round(from + (roll / share) * (to - from));
      roll -= share;
    }
    return MEASURED_2026[MEASURED_2026.length - 1][2];
  };
}
