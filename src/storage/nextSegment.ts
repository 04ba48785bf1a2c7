/**
 * The segment a writer will roll into, made ready while it still appends to
 * the one before: the file opened (created if need be), allocated whole on a
 * thread of its own, then mapped with its first pages populated in the
 * background. The roll then only swaps mappings: the appending thread never
 * waits for the file system to find a segment's blocks, nor for the kernel
 * to zero its first pages.
 *
 * Allocation is the same `fallocate` of the whole segment the roll would
 * make (idempotent, so writers of several processes racing on one segment
 * need no lock). If it fails (a full disk), nothing is mapped: the roll
 * allocates the plain way and reports the error to the append that needs
 * the space, as it would have with no preparation.
 * @module
 */
import { closeSync, fstatSync } from 'node:fs';
import type { SegmentRing } from '../control/segmentRing.js';
import { AdviceFlag, native } from '../native/binding.js';
import type { DataStore } from './dataStore.js';
import { openSegmentFile } from './segmentFiles.js';

/** How long the roll waits between looks at an allocation still in flight. */
const WAIT_STEP_MS = 0.2;

/** Segment `k`, being made ready for the roll into it. */
export class NextSegment {
  readonly k: number;
  private readonly base: number;
  /** Open until handed to the store (which then owns it) or closed. */
  private fd: number;
  /** DONE and ERRNO of the allocation (see {@link AdviceFlag}). */
  private readonly flag: Int32Array;
  private store: DataStore | undefined;
  private readonly makeStore: (fd: number) => DataStore;

  private constructor(k: number, base: number, fd: number, flag: Int32Array, makeStore: (fd: number) => DataStore) {
    this.k = k;
    this.base = base;
    this.fd = fd;
    this.flag = flag;
    this.makeStore = makeStore;
  }

  /**
   * Opens segment `k` of the log in `dir` and starts allocating it on a
   * thread of its own; `makeStore` maps it (taking over the descriptor).
   * Throws what opening throws (nothing is left open then).
   */
  static start(
    dir: string,
    ring: SegmentRing,
    k: number,
    mode: number,
    makeStore: (fd: number) => DataStore,
  ): NextSegment {
    const fd = openSegmentFile(dir, ring, k, mode, true);
    const flag = new Int32Array(native.createAdviceFlag());
    try {
      if (fstatSync(fd).size < ring.segmentSize)
        native.allocateAsync(fd, ring.segmentSize, flag.buffer as SharedArrayBuffer);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new NextSegment(k, ring.baseOf(k), fd, flag, makeStore);
  }

  /** Whether the whole segment is allocated (its allocation finished without error). */
  get allocated(): boolean {
    return Atomics.load(this.flag, AdviceFlag.DONE) === 1 && Atomics.load(this.flag, AdviceFlag.ERRNO) === 0;
  }

  /**
   * Once the allocation is done, maps the segment and starts populating its
   * first pages in the background (a few system calls, no waiting). For
   * the writer's prepares before the roll; does nothing otherwise.
   */
  advance(): void {
    if (this.store !== undefined || this.fd < 0 || !this.allocated) return;
    this.store = this.storeOver();
    try {
      this.store?.syncAllocated();
      this.store?.mapAhead(this.base);
    } catch {
      // No mapping (address space, memory): the roll maps it the plain way.
      this.cancel();
    }
  }

  /**
   * For the roll into segment `k`: its store (waiting for the allocation
   * if it is still in flight), mapped ahead if {@link advance} got to it;
   * undefined if the allocation failed, for the roll to allocate the plain
   * way and report the error. The roll reads its size.
   * The caller owns what it gets; this object holds nothing afterwards.
   */
  take(): DataStore | undefined {
    if (this.store === undefined && this.fd >= 0) {
      while (Atomics.load(this.flag, AdviceFlag.DONE) === 0) Atomics.wait(this.flag, AdviceFlag.DONE, 0, WAIT_STEP_MS);
      if (this.allocated) this.store = this.storeOver();
    }
    const store = this.store;
    this.store = undefined;
    this.cancel();
    return store;
  }

  /** Unmaps and closes whatever it holds (a thread still allocating holds a descriptor of its own). */
  cancel(): void {
    this.store?.close();
    this.store = undefined;
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  /** A store over the descriptor (which it then owns; its size is read by whoever maps it), or undefined if none can be made (the descriptor is closed). */
  private storeOver(): DataStore | undefined {
    const fd = this.fd;
    this.fd = -1;
    try {
      return this.makeStore(fd);
    } catch {
      closeSync(fd);
      return undefined;
    }
  }
}
