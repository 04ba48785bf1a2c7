/**
 * A worker thread that opens a log, appends one record, then stands in the
 * middle of its next append — the claim made (the cursor moved past it) and
 * recorded in its slot, nothing written — and waits there for the parent to
 * terminate() it: the state a worker stopped between its claim and its
 * commit leaves. `stage` `floor`: stopped before its claim's position was
 * stored (only the floor is set).
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { open } from '../../src/index.js';
import { SlotOffset } from '../../src/layout/control.js';
import { frameSize } from '../../src/layout/frame.js';
import { CURSOR, f64Bytes, i64At, i64Bytes, pwrite, slotOf } from '../helpers/controlEdits.js';

const { path, format, stage, payload, slots, onRequest } = workerData as {
  path: string;
  format: 'raw' | 'framed';
  stage: 'claim' | 'floor';
  payload: number;
  slots?: number;
  /** Stage only when the parent posts 'stage' (after posting 'opened'). */
  onRequest?: boolean;
};

const log = open(path, { format, chunkSize: 64 * 1024, ...(slots === undefined ? {} : { slots }) });
log.append(format === 'raw' ? 'before\n' : 'before');

function standMidClaim(): void {
  // This thread's slot: other threads of this process may hold slots too.
  const slot = slotOf(path, process.pid, threadId);
  const pos = i64At(path, CURSOR);
  const length = format === 'raw' ? payload : frameSize(payload);
  pwrite(path, slot + SlotOffset.CLAIM_FLOOR, f64Bytes(pos));
  pwrite(path, CURSOR, i64Bytes(pos + length));
  pwrite(path, slot + SlotOffset.CLAIM_LEN, f64Bytes(length));
  if (stage === 'claim') pwrite(path, slot + SlotOffset.CLAIM_POS, f64Bytes(pos));
  parentPort?.postMessage({ pos, length });
}

if (onRequest === true) {
  parentPort?.on('message', (message) => {
    if (message === 'stage') standMidClaim();
  });
  parentPort?.postMessage('opened');
} else standMidClaim();
setInterval(() => {}, 60_000);
