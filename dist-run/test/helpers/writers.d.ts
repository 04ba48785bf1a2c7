import type { AppenderSpec } from '../children/appender.js';
export interface WriterPlan {
    kind: 'process' | 'thread';
    spec: AppenderSpec;
}
/** Starts every writer, waits until all have opened the log, releases them together, waits for all. */
export declare function runWriters(plans: WriterPlan[]): Promise<void>;
/** A plan for `writers` writers of `count` records each into `path`. */
export declare function planWriters(dir: string, path: string, kinds: ('process' | 'thread')[], count: number, options: AppenderSpec['options'], payload: AppenderSpec['payload']): WriterPlan[];
export interface Placed {
    pos: number;
    bytes: Uint8Array;
}
export declare function placedRecords(plans: WriterPlan[]): Placed[];
/**
 * Raw format: the records tile the file exactly, in position order, each
 * byte-exact; no overlap, no gap, nothing else in the file.
 */
export declare function verifyRaw(path: string, plans: WriterPlan[], dataStart?: number): number;
/**
 * Framed format: every frame is complete with a good CRC; the DATA frames are
 * exactly the appended records at the positions append() returned.
 */
export declare function verifyFramed(path: string, plans: WriterPlan[]): number;
