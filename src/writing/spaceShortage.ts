/**
 * A full disk, as one writer handles it. A claim whose space cannot be
 * allocated is abandoned: undone if nobody claimed after it, else left as a
 * gap this writer fills once space is back. The shortage is flagged for every
 * writer, whose appends then secure space before claiming: a full disk costs
 * at most one abandoned claim per writer racing at that moment, not one per
 * retry.
 * @module
 */
import type { ControlBlock } from '../control/controlBlock.js';
import { Offset } from '../layout/control.js';
import { logIdRegister } from '../native/crc32c.js';
import type { AppendStore } from '../storage/appendStore.js';
import { blankLine, writePadding } from '../storage/fillerFrame.js';

const CURSOR_INDEX = Offset.CURSOR / 8;
/** The flag, set while some writer found space short (read by `Log.append` before each claim). */
export const SPACE_SHORT_INDEX = Offset.SPACE_SHORT / 4;

/** One writer's side of a space shortage. */
export class SpaceShortage {
  private readonly control: ControlBlock;
  private readonly store: AppendStore;
  /** Claims this writer abandoned (no space) and could not undo: filled once space is back. */
  private abandoned: Array<{ pos: number; end: number }> = [];

  constructor(control: ControlBlock, store: AppendStore) {
    this.control = control;
    this.store = store;
  }

  /**
   * A claim `[pos, end)` whose space could not be allocated. If nobody
   * claimed after it, the cursor is moved back and the log is as if it never
   * happened; otherwise the gap is counted: framed, every reader treats an
   * uncommitted claim no live slot owns as padding; raw, this writer blanks
   * it once space is back. Either way the shortage is flagged. (The caller
   * clears the claim from its slot.)
   */
  abandon(pos: number, end: number): void {
    const { control } = this;
    Atomics.store(control.i32, SPACE_SHORT_INDEX, 1);
    const undone = Atomics.compareExchange(control.i64, CURSOR_INDEX, BigInt(end), BigInt(pos)) === BigInt(end);
    if (!undone) {
      control.bumpStat(Offset.STAT_CLAIMS_ABANDONED);
      this.abandoned.push({ pos, end });
    }
  }

  /**
   * Space was short: allocates what a claim of `total` bytes needs before it
   * is made (throwing the `fallocate` error with nothing claimed), then clears
   * the shortage and blanks this writer's abandoned claims.
   */
  secure(total: number): void {
    this.store.reserve(this.control.cursor() + total);
    Atomics.store(this.control.i32, SPACE_SHORT_INDEX, 0);
    this.blankAbandoned();
  }

  /**
   * Fills this writer's abandoned claims that now lie in allocated space, so
   * that no reader takes them for lost data: raw, with spaces ending in a
   * newline (a blank line in a text log, as recovery does for a dead writer's
   * claim); framed, with a PADDING frame (no record was acknowledged there),
   * when the claim lies in the current window — else readers pad it.
   */
  blankAbandoned(): void {
    if (this.abandoned.length === 0) return;
    const allocated = this.control.allocated();
    const store = this.store;
    const framed = this.control.identity.format === 'framed';
    this.abandoned = this.abandoned.filter(({ pos, end }) => {
      if (end > allocated) return true;
      if (framed) {
        const sab = store.sab;
        if (sab !== undefined && pos >= store.base && end <= store.base + store.u8.length) {
          const { logIdLo, logIdHi } = this.control.identity;
          const window = { sab, u8: store.u8, i32: store.i32, base: store.base };
          writePadding(window, pos, end - pos, logIdRegister(logIdLo, logIdHi) >>> 0);
        }
        return false;
      }
      store.writeAt(pos, blankLine(end - pos));
      return false;
    });
  }
}
