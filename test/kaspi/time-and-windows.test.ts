import assert from 'node:assert/strict';
import { almatyDate, endOfAlmatyDay, startOfAlmatyDay } from '../../kaspi/almaty-time.js';
import { MAX_CREATION_WINDOW_MS, splitCreationWindow } from '../../kaspi/creation-windows.js';
import { DAY_MS } from './sandbox-client.js';

describe('Almaty day boundaries and creation windows', () => {
  it('starts an Almaty day at 19:00 UTC of the previous calendar day (UTC+5)', () => {
    const lateEveningUtc = Date.parse('2025-06-10T20:30:00Z'); // 01:30 on 11 June in Almaty
    assert.equal(new Date(startOfAlmatyDay(lateEveningUtc)).toISOString(), '2025-06-10T19:00:00.000Z');
    assert.equal(new Date(endOfAlmatyDay(lateEveningUtc)).toISOString(), '2025-06-11T18:59:59.999Z');
    assert.equal(almatyDate(lateEveningUtc), '2025-06-11');
  });

  it('keeps a window of at most 14 days whole', () => {
    assert.deepEqual(splitCreationWindow(0, 14 * DAY_MS - 1), [{ from: 0, to: 14 * DAY_MS - 1 }]);
  });

  it('splits a 30-day window into three contiguous, non-overlapping windows of at most 14 days', () => {
    const windows = splitCreationWindow(1000, 1000 + 30 * DAY_MS);
    assert.equal(windows.length, 3);
    assert.equal(windows[0].from, 1000);
    assert.equal(windows.at(-1)!.to, 1000 + 30 * DAY_MS);
    for (const [i, window] of windows.entries()) {
      assert.ok(window.to - window.from < MAX_CREATION_WINDOW_MS);
      if (i > 0) assert.equal(window.from, windows[i - 1].to + 1);
    }
  });
});
