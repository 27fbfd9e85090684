import assert from 'node:assert/strict';
import { acceptanceShownBy } from '../../activities/order-activities.js';

// What a reserved order's Kaspi status means when kaspi-sync is about to accept it (or re-reads it after a
// lost reply). The reservation is released only for CANCELLED: an order completed, returning or cancelled in
// delivery was accepted (by hand or by a lost reply), so its stock follows status tracking's rules instead.
describe('the acceptance step reads a reserved order\'s Kaspi status', () => {
  it('accepts an order still waiting for the merchant', () => {
    assert.equal(acceptanceShownBy('APPROVED_BY_BANK'), undefined);
  });

  for (const status of ['ACCEPTED_BY_MERCHANT', 'COMPLETED', 'CANCELLING', 'KASPI_DELIVERY_RETURN_REQUESTED', 'RETURN_ACCEPTED_BY_MERCHANT', 'RETURNED']) {
    it(`takes ${status} as accepted already: the stock stays taken`, () => {
      assert.equal(acceptanceShownBy(status), 'accepted');
    });
  }

  it('releases the reservation only when Kaspi cancelled the order', () => {
    assert.equal(acceptanceShownBy('CANCELLED'), 'cancelled-on-kaspi');
  });

  it('stops, naming the status, on one it does not know rather than guess with stock', () => {
    assert.throws(() => acceptanceShownBy('SOMETHING_NEW'), /Kaspi reports status SOMETHING_NEW, unknown to kaspi-sync; the order keeps its reservation/);
  });
});
