import { strict as assert } from 'node:assert';
import { acceptanceDeadline, addWorkingMinutes, DEFAULT_WORKING_HOURS, minutesLeft, parseWorkingHours } from '../../domain/acceptance-deadline.js';

// Almaty is UTC+5: 10:00 Almaty = 05:00Z.
const almaty = (isoLocal: string) => Date.parse(`${isoLocal}+05:00`);

describe("acceptance deadline: when Kaspi auto-cancels an order nobody accepted", () => {
  it('an order created at 10:00 in working hours is cancelled at 13:00 Almaty', () => {
    assert.equal(acceptanceDeadline(almaty('2026-12-02T10:00:00'), false), almaty('2026-12-02T13:00:00'));
  });

  it('an order created at 16:30 keeps 1.5 working hours for the next morning: 10:30', () => {
    assert.equal(acceptanceDeadline(almaty('2026-12-02T16:30:00'), false), almaty('2026-12-03T10:30:00'));
  });

  it('an order created at night has its 3 hours from 09:00: 12:00', () => {
    assert.equal(acceptanceDeadline(almaty('2026-12-02T23:40:00'), false), almaty('2026-12-03T12:00:00'));
    assert.equal(acceptanceDeadline(almaty('2026-12-03T06:00:00'), false), almaty('2026-12-03T12:00:00'));
  });

  it('an Express order has 60 clock minutes, at night too', () => {
    assert.equal(acceptanceDeadline(almaty('2026-12-02T23:40:00'), true), almaty('2026-12-03T00:40:00'));
  });

  it('a shop closed at weekends (working days 1-5): Friday 17:00 runs on to Monday 11:00', () => {
    const weekdays = parseWorkingHours('09:00-18:00', '1-5');
    // 2026-12-04 is a Friday.
    assert.equal(acceptanceDeadline(almaty('2026-12-04T17:00:00'), false, weekdays), almaty('2026-12-07T11:00:00'));
  });

  it('by default every day counts (the cautious reading): Saturday 17:00 ends Sunday 11:00', () => {
    assert.equal(acceptanceDeadline(almaty('2026-12-05T17:00:00'), false, DEFAULT_WORKING_HOURS), almaty('2026-12-06T11:00:00'));
  });

  it('minutes left are whole minutes, negative once the deadline passed', () => {
    const deadline = almaty('2026-12-02T13:00:00');
    assert.equal(minutesLeft(deadline, almaty('2026-12-02T12:20:30')), 39);
    assert.equal(minutesLeft(deadline, almaty('2026-12-02T13:05:00')), -5);
  });

  it('working hours that cannot be read are refused with the expected format', () => {
    assert.throws(() => parseWorkingHours('9-18', '1-7'), /HH:MM-HH:MM/);
    assert.throws(() => parseWorkingHours('18:00-09:00', '1-7'), /start before they end/);
    assert.throws(() => parseWorkingHours('09:00-18:00', '0-8'), /ISO weekdays/);
    assert.deepEqual([...parseWorkingHours('08:30-20:00', '1,2,3-4').days], [1, 2, 3, 4]);
  });

  it('long spans add up across days: 20 working hours from Monday 09:00 end Wednesday 11:00', () => {
    assert.equal(addWorkingMinutes(almaty('2026-11-30T09:00:00'), 20 * 60, DEFAULT_WORKING_HOURS), almaty('2026-12-02T11:00:00'));
  });
});
