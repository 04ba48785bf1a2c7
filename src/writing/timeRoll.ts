/**
 * Rolls by time, as one writer of a segmented log makes them: a timer that
 * fires when each clock period ends, and the roll itself, a claim of the rest
 * of the active segment made with one compare-and-swap of the cursor (one
 * writer of all that try wins; the others find the next segment active). What
 * a roll ends and starts is `segmentRoll.ts`'s.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { WAITERS_INDEX, wakeFollowers } from '../control/notify.js';
import { IDLE, Offset } from '../layout/control.js';
import type { SegmentRoller } from './segmentRoll.js';

const CURSOR_INDEX = Offset.CURSOR / 8;

/** Where a writer records its claims: indexes of its slot's words in the control file's Float64Array. */
export interface ClaimWords {
  floor: number;
  claimPos: number;
  claimLen: number;
}

/** The rolls by time of one writer. */
export class TimeRoll {
  private readonly control: ControlBlock;
  private readonly roller: SegmentRoller;
  private readonly words: ClaimWords;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(control: ControlBlock, roller: SegmentRoller, words: ClaimWords) {
    this.control = control;
    this.roller = roller;
    this.words = words;
  }

  /**
   * Rolls to a new segment if the active one's clock period is over: moves
   * the cursor to the next boundary with a compare-and-swap, as a claim of
   * this writer's slot (announced at `lastEnd`, the end of its last claim),
   * then seals the ended segment. `claimed` is told where that claim ended
   * (the writer's claims end there from then on), even when sealing fails.
   */
  roll(lastEnd: number, claimed: (end: number) => void): void {
    const { control, roller, words } = this;
    const slots = control.f64;
    const segmentSize = control.identity.segmentSize;
    for (;;) {
      // Judged on the cursor this roll would move: once another writer has rolled, it is in the next segment.
      const from = control.cursor();
      if (!roller.timeToRoll(from, Date.now())) return;
      const boundary = (Math.floor(from / segmentSize) + 1) * segmentSize;
      slots[words.floor] = lastEnd;
      const won = Atomics.compareExchange(control.i64, CURSOR_INDEX, BigInt(from), BigInt(boundary)) === BigInt(from);
      if (won) {
        slots[words.claimLen] = boundary - from;
        slots[words.claimPos] = from;
        try {
          roller.finishTimeRoll(from);
        } finally {
          slots[words.claimPos] = IDLE;
          slots[words.floor] = IDLE;
          claimed(boundary);
        }
        if (control.i32[WAITERS_INDEX] !== 0) wakeFollowers(control);
        return;
      }
      slots[words.floor] = IDLE;
    }
  }

  /** Calls `roll` when each clock period ends, until {@link stop} (the timer does not keep the process alive). */
  schedule(roll: () => void): void {
    const wait = this.roller.msToPeriodEnd(Date.now());
    if (wait < 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      try {
        roll();
      } catch {
        // A failed roll is retried at the next period; appends keep going into the active segment.
      }
      this.schedule(roll);
    }, wait + 1);
    this.timer.unref();
  }

  /** No more rolls by time (the writer is closing). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
