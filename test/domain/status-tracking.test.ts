/** The status-tracking rules (domain/status-tracking.ts), case by case. */
import assert from 'node:assert/strict';
import { firstReadOfAcceptedOrder, isStatusNews, nextStatusReadAt, TRACKING_LISTS, trackingListName } from '../../domain/status-tracking.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 11, 1, 12);

describe('status tracking rules', () => {
  it('lists only cancellation and return statuses, and only the one the 2026 guide dropped is optional', () => {
    assert.deepEqual(TRACKING_LISTS.map(trackingListName), [
      'ARCHIVE/CANCELLED', 'ARCHIVE/RETURNED', 'KASPI_DELIVERY/CANCELLING', 'KASPI_DELIVERY/KASPI_DELIVERY_RETURN_REQUESTED', 'KASPI_DELIVERY/RETURN_ACCEPTED_BY_MERCHANT',
    ]);
    assert.deepEqual(TRACKING_LISTS.filter((l) => !l.required).map((l) => l.status), ['RETURN_ACCEPTED_BY_MERCHANT']);
  });

  const news: [string, string, boolean, boolean][] = [
    ['ACCEPTED', 'APPROVED_BY_BANK', false, false],
    ['HELD', 'APPROVED_BY_BANK', false, false],
    ['RESERVED', 'ACCEPTED_BY_MERCHANT', false, true],
    ['HELD', 'ACCEPTED_BY_MERCHANT', false, true],
    ['ACCEPTED', 'ACCEPTED_BY_MERCHANT', false, false],
    ['ACCEPTED', 'ACCEPTED_BY_MERCHANT', true, true],
    ['COMPLETED', 'ACCEPTED_BY_MERCHANT', true, false],
    ['ACCEPTED', 'COMPLETED', false, true],
    ['COMPLETED', 'COMPLETED', false, false],
    ['RETURNING', 'COMPLETED', false, false],
    ['ACCEPTED', 'CANCELLED', false, true],
    ['RETURNING', 'RETURNED', true, true],
    ['COMPLETED', 'KASPI_DELIVERY_RETURN_REQUESTED', true, true],
    ['ACCEPTED', 'CANCELLING', true, true],
  ];
  for (const [syncState, kaspiStatus, handedOver, expected] of news) {
    it(`${syncState} + Kaspi ${kaspiStatus}${handedOver ? ' (handed over)' : ''} is ${expected ? '' : 'not '}news`, () => {
      assert.equal(isStatusNews(syncState, { kaspiStatus, handedOver }), expected);
    });
  }

  it('reads held and reserved orders often while Kaspi\'s acceptance clock runs, then less', () => {
    for (const state of ['HELD', 'RESERVED']) {
      assert.equal(nextStatusReadAt(state, NOW - HOUR, NOW), NOW + 5 * MINUTE);
      assert.equal(nextStatusReadAt(state, NOW - DAY, NOW), NOW + HOUR);
      assert.equal(nextStatusReadAt(state, NOW - 10 * DAY, NOW), NOW + 6 * HOUR);
    }
  });

  it('reads accepted orders daily at first (to record delivery), then every 2 and 4 days', () => {
    assert.equal(firstReadOfAcceptedOrder(NOW), NOW + DAY);
    assert.equal(nextStatusReadAt('ACCEPTED', NOW - DAY, NOW), NOW + DAY);
    assert.equal(nextStatusReadAt('ACCEPTED', NOW - 5 * DAY, NOW), NOW + 2 * DAY);
    assert.equal(nextStatusReadAt('ACCEPTED', NOW - 40 * DAY, NOW), NOW + 4 * DAY);
  });

  it('reads orders past the list window seldom: completed ones every 3 days, returning ones every 6 hours', () => {
    assert.equal(nextStatusReadAt('COMPLETED', NOW - 40 * DAY, NOW), NOW + 3 * DAY);
    assert.equal(nextStatusReadAt('RETURNING', null, NOW), NOW + 6 * HOUR);
  });
});
