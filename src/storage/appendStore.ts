/**
 * What the append path needs from storage, whether the log is one data file
 * ({@link DataStore}) or a directory of segments ({@link SegmentStore}): the
 * views of the mapping that holds the claims up to `fastEnd`, and the rare
 * path that moves it.
 * @module
 */
import type { DataStore } from './dataStore.js';
import type { SegmentStore } from './segmentStore.js';

/** The mapped data a writer appends into. */
export interface AppendStore {
  /** The position of the first byte of the current mapping, and views over it. */
  readonly base: number;
  readonly sab: SharedArrayBuffer | undefined;
  readonly u8: Uint8Array;
  readonly buf: Buffer;
  readonly i32: Int32Array;
  /** A claim ending at or below this can be written with no further work; past it, call `prepare`. */
  fastEnd: number;
  /** Maps, allocates and prefaults so that `[pos, end)` is writable (throws the `fallocate` error). */
  prepare(pos: number, end: number): void;
  /** Does ahead of time what the first append at `pos` would; reports no failure. */
  prepareAhead(pos: number): void;
  /** Allocates what a claim ending at `end` needs, mapping nothing (throws the `fallocate` error). */
  reserve(end: number): void;
  /** Checks the allocation against the files (after registering as a writer). */
  syncAllocated(): void;
  /** No huge pages for this writer's mappings from now on (it syncs: see `DataStore.preferSmallPages`). */
  preferSmallPages(): void;
  /** Writes `bytes` at `pos` with a system call. */
  writeAt(pos: number, bytes: Uint8Array): void;
  /** Cuts the preallocated tail at `end` (the cursor); only for the last writer, under the lifecycle lock. */
  truncate(end: number): void;
  close(): void;
}

/** Compile-time check that both stores provide the surface. */
export type Stores = [DataStore, SegmentStore] extends [AppendStore, AppendStore] ? true : never;
