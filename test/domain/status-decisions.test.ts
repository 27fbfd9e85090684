/**
 * The order lifecycle after intake (domain/status-decisions.ts), one case per sync_state × Kaspi status it
 * decides. Expected decisions are written out here, not computed.
 */
import assert from 'node:assert/strict';
import { acceptanceShownBy, decideStatusChange, linesToReread, rereadsLines, type StatusDecision, type StatusFacts } from '../../domain/status-decisions.js';

const facts = (syncState: string, kaspiStatus: string, more: Partial<StatusFacts> = {}): StatusFacts => ({
  syncState, kaspiStatus, handedOver: false, handOverRecorded: false, returnedToWarehouse: false,
  restockAfterHandover: 'archive', flaggedAcceptedElsewhereAt: null, ...more,
});

const ignore: StatusDecision = { action: 'ignore' };
const restock = (reason: string): StatusDecision => ({ action: 'restock', reason } as StatusDecision);
const returning = (reason: string): StatusDecision => ({ action: 'mark-returning', reason } as StatusDecision);
const handedOver = { handedOver: true };
const recorded = { handedOver: true, handOverRecorded: true };

const cases: [string, StatusFacts, StatusDecision][] = [
  // HELD: nothing reserved.
  ['HELD, still waiting for acceptance', facts('HELD', 'APPROVED_BY_BANK'), ignore],
  ['HELD, cancelled on Kaspi', facts('HELD', 'CANCELLED'), { action: 'close-unreserved' }],
  ['HELD, archived as returned', facts('HELD', 'RETURNED'), { action: 'close-unreserved' }],
  ['HELD, accepted by hand', facts('HELD', 'ACCEPTED_BY_MERCHANT'), { action: 'flag-accepted-elsewhere' }],
  ['HELD, accepted by hand, already flagged with that status', facts('HELD', 'ACCEPTED_BY_MERCHANT', { flaggedAcceptedElsewhereAt: 'ACCEPTED_BY_MERCHANT' }), ignore],
  ['HELD, accepted by hand and since delivered', facts('HELD', 'COMPLETED', { flaggedAcceptedElsewhereAt: 'ACCEPTED_BY_MERCHANT' }), { action: 'flag-accepted-elsewhere' }],
  ['HELD, accepted by hand, cancelled in delivery', facts('HELD', 'CANCELLING'), { action: 'flag-accepted-elsewhere' }],
  ['HELD, accepted by hand, return requested', facts('HELD', 'KASPI_DELIVERY_RETURN_REQUESTED'), { action: 'flag-accepted-elsewhere' }],
  ['HELD, a status kaspi-sync does not know', facts('HELD', 'SOMETHING_NEW'), ignore],
  // RESERVED: stock taken, acceptance not recorded.
  ['RESERVED, still waiting for acceptance', facts('RESERVED', 'APPROVED_BY_BANK'), ignore],
  ['RESERVED, accepted (the record was lost)', facts('RESERVED', 'ACCEPTED_BY_MERCHANT'), { action: 'record-acceptance', then: ignore }],
  ['RESERVED, accepted and handed over', facts('RESERVED', 'ACCEPTED_BY_MERCHANT', handedOver), { action: 'record-acceptance', then: { action: 'record-hand-over' } }],
  ['RESERVED, accepted and delivered', facts('RESERVED', 'COMPLETED'), { action: 'record-acceptance', then: { action: 'close-delivered' } }],
  ['RESERVED, accepted, cancelled in delivery', facts('RESERVED', 'CANCELLING', handedOver), { action: 'record-acceptance', then: returning('cancelled-in-delivery') }],
  ['RESERVED, accepted, returned and archived', facts('RESERVED', 'RETURNED', handedOver), { action: 'record-acceptance', then: restock('archived-after-hand-over') }],
  ['RESERVED, cancelled before acceptance', facts('RESERVED', 'CANCELLED'), restock('cancelled-before-hand-over')],
  // ACCEPTED: stock taken.
  ['ACCEPTED, nothing new', facts('ACCEPTED', 'ACCEPTED_BY_MERCHANT'), ignore],
  ['ACCEPTED, handed over to the courier', facts('ACCEPTED', 'ACCEPTED_BY_MERCHANT', handedOver), { action: 'record-hand-over' }],
  ['ACCEPTED, hand-over already recorded', facts('ACCEPTED', 'ACCEPTED_BY_MERCHANT', recorded), ignore],
  ['ACCEPTED, delivered', facts('ACCEPTED', 'COMPLETED'), { action: 'close-delivered' }],
  ['ACCEPTED, cancelled before hand-over', facts('ACCEPTED', 'CANCELLED'), restock('cancelled-before-hand-over')],
  ['ACCEPTED, cancelled after hand-over and archived', facts('ACCEPTED', 'CANCELLED', handedOver), restock('archived-after-hand-over')],
  ['ACCEPTED, cancelled in delivery', facts('ACCEPTED', 'CANCELLING', handedOver), returning('cancelled-in-delivery')],
  ['ACCEPTED, cancelled in delivery, goods back at Kaspi, restock on arrival there', facts('ACCEPTED', 'CANCELLING', { ...handedOver, returnedToWarehouse: true, restockAfterHandover: 'returned-to-warehouse' }), restock('back-at-kaspi-warehouse')],
  ['ACCEPTED, cancelled in delivery, goods back at Kaspi, restock on archive', facts('ACCEPTED', 'CANCELLING', { ...handedOver, returnedToWarehouse: true }), returning('cancelled-in-delivery')],
  ['ACCEPTED, return requested', facts('ACCEPTED', 'KASPI_DELIVERY_RETURN_REQUESTED', handedOver), returning('buyer-returning')],
  ['ACCEPTED, return accepted by the merchant', facts('ACCEPTED', 'RETURN_ACCEPTED_BY_MERCHANT', handedOver), returning('buyer-returning')],
  ['ACCEPTED, returned and archived', facts('ACCEPTED', 'RETURNED', handedOver), restock('archived-after-hand-over')],
  ['ACCEPTED, a status kaspi-sync does not know, handed over', facts('ACCEPTED', 'SOMETHING_NEW', handedOver), { action: 'record-hand-over' }],
  ['ACCEPTED, a status kaspi-sync does not know', facts('ACCEPTED', 'SOMETHING_NEW'), ignore],
  // COMPLETED: delivered, followed for a return.
  ['COMPLETED, still delivered', facts('COMPLETED', 'COMPLETED', recorded), ignore],
  ['COMPLETED, return requested', facts('COMPLETED', 'KASPI_DELIVERY_RETURN_REQUESTED', recorded), returning('buyer-returning')],
  ['COMPLETED, returned and archived', facts('COMPLETED', 'RETURNED', recorded), restock('archived-after-hand-over')],
  // RETURNING: goods travelling back.
  ['RETURNING, still cancelling', facts('RETURNING', 'CANCELLING', { handedOver: true }), ignore],
  ['RETURNING, goods back at Kaspi, restock on arrival there', facts('RETURNING', 'CANCELLING', { handedOver: true, returnedToWarehouse: true, restockAfterHandover: 'returned-to-warehouse' }), restock('back-at-kaspi-warehouse')],
  ['RETURNING, cancelled order archived', facts('RETURNING', 'CANCELLED', { handedOver: true }), restock('archived-after-hand-over')],
  ['RETURNING, returned order archived', facts('RETURNING', 'RETURNED', { handedOver: true }), restock('archived-after-hand-over')],
  ['RETURNING, return still requested', facts('RETURNING', 'KASPI_DELIVERY_RETURN_REQUESTED', { handedOver: true }), ignore],
  // A delivered pickup or own-delivery order went to the buyer without a courier: its return is goods that left.
  ['COMPLETED without a courier (pickup), returned and archived', facts('COMPLETED', 'RETURNED'), restock('archived-after-hand-over')],
  // Policy "receipt": goods that left come back only with `order received`.
  ...receiptCases(),
  // Closed orders: nothing more happens to their stock.
  ['RESTOCKED, archived again', facts('RESTOCKED', 'RETURNED', recorded), ignore],
  ['RESTOCKED, a late cancelling status', facts('RESTOCKED', 'CANCELLING', recorded), ignore],
  ['CANCELLED, cancelled', facts('CANCELLED', 'CANCELLED'), ignore],
];

function receiptCases(): [string, StatusFacts, StatusDecision][] {
  const receipt = { restockAfterHandover: 'receipt' as const };
  return [
    ['receipt: ACCEPTED, cancelled before hand-over: back at once (the goods never left)', facts('ACCEPTED', 'CANCELLED', receipt), restock('cancelled-before-hand-over')],
    ['receipt: ACCEPTED, cancelled after hand-over and archived: returning until received', facts('ACCEPTED', 'CANCELLED', { ...handedOver, ...receipt }), returning('awaiting-receipt')],
    ['receipt: COMPLETED pickup, returned and archived: returning until received', facts('COMPLETED', 'RETURNED', receipt), returning('awaiting-receipt')],
    ['receipt: RETURNING, cancelled order archived: recorded, still returning', facts('RETURNING', 'CANCELLED', { handedOver: true, recordedKaspiStatus: 'CANCELLING', ...receipt }), { action: 'record-status' }],
    ['receipt: RETURNING, returned order archived, already recorded', facts('RETURNING', 'RETURNED', { handedOver: true, recordedKaspiStatus: 'RETURNED', ...receipt }), ignore],
    ['receipt: RETURNING, goods reported back at Kaspi: recorded, still returning', facts('RETURNING', 'CANCELLING', { handedOver: true, returnedToWarehouse: true, recordedKaspiStatus: 'CANCELLING', ...receipt }), ignore],
    ['receipt: ACCEPTED, cancelled in delivery', facts('ACCEPTED', 'CANCELLING', { ...handedOver, ...receipt }), returning('cancelled-in-delivery')],
  ];
}

describe('order lifecycle: what a Kaspi status means for each sync state', () => {
  for (const [name, input, expected] of cases) {
    it(name, () => assert.deepEqual(decideStatusChange(input), expected));
  }

  it('re-reads an order\'s lines at delivery and at every cancelling or return event, and not for a repeat awaiting receipt', () => {
    assert.equal(rereadsLines({ action: 'close-delivered' }), true);
    assert.equal(rereadsLines({ action: 'record-acceptance', then: { action: 'close-delivered' } }), true);
    assert.equal(rereadsLines({ action: 'record-hand-over' }), false);
    assert.equal(linesToReread('ACCEPTED', { kaspiStatus: 'COMPLETED', handedOver: false }, 'archive'), true);
    assert.equal(linesToReread('ACCEPTED', { kaspiStatus: 'CANCELLING', handedOver: true }, 'receipt'), true);
    assert.equal(linesToReread('RETURNING', { kaspiStatus: 'RETURNED', handedOver: true }, 'receipt'), false);
    assert.equal(linesToReread('ACCEPTED', { kaspiStatus: 'ACCEPTED_BY_MERCHANT', handedOver: true }, 'archive'), false);
  });

  it('tells a reserved order\'s acceptance step what Kaspi shows, and refuses to guess on an unknown status', () => {
    assert.equal(acceptanceShownBy('APPROVED_BY_BANK'), undefined);
    for (const status of ['ACCEPTED_BY_MERCHANT', 'COMPLETED', 'CANCELLING', 'KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT', 'RETURNED']) {
      assert.equal(acceptanceShownBy(status), 'accepted', status);
    }
    assert.equal(acceptanceShownBy('CANCELLED'), 'cancelled-on-kaspi');
    assert.equal(acceptanceShownBy('SOMETHING_NEW'), null);
  });
});
