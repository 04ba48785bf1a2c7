/**
 * The shipper's window of records in flight (`AckWindow`): the position it
 * may commit advances only over records acknowledged in order, whatever
 * order the acknowledgements come in, across the ring's wrap-around; and it
 * refuses a record beyond its count or bytes (a lone record always fits).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AckWindow } from '../src/integrations/ackWindow.js';

test('acknowledgements out of order: the position advances over the leading acknowledged records only', () => {
  const w = new AckWindow(4);
  w.reset(100);
  const slots = [110, 120, 130, 140].map((next) => w.push(next, 10));
  assert.equal(w.fits(10, 1000), false, 'full by count');
  w.acknowledge(slots[2] as number);
  w.acknowledge(slots[1] as number);
  assert.deepEqual([w.acked, w.count], [100, 4], 'nothing before the first acknowledged');
  w.acknowledge(slots[0] as number);
  assert.deepEqual([w.acked, w.count, w.bytes], [130, 1, 10], 'the first three go together');
  // Around the ring: the slots of the released records are reused.
  const more = [150, 160, 170].map((next) => w.push(next, 10));
  w.acknowledge(more[2] as number);
  w.acknowledge(more[0] as number);
  assert.equal(w.acked, 130, 'record 140 is still out');
  w.acknowledge(slots[3] as number);
  assert.deepEqual([w.acked, w.count], [150, 2]);
  w.acknowledge(more[1] as number);
  assert.deepEqual([w.acked, w.count, w.bytes], [170, 0, 0]);
});

test('a window of bytes: a record that would pass it waits, unless nothing is in flight', () => {
  const w = new AckWindow(100);
  w.reset(0);
  assert.equal(w.fits(5000, 1024), true, 'a lone record larger than the window still goes');
  const big = w.push(5000, 5000);
  assert.equal(w.fits(1, 1024), false);
  w.acknowledge(big);
  const a = w.push(5600, 600);
  assert.equal(w.fits(400, 1024), true);
  assert.equal(w.fits(500, 1024), false);
  w.acknowledge(a);
  assert.equal(w.acked, 5600);
});
