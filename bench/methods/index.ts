/**
 * Every benchmarked method, in table order.
 * @module
 */
import { fsWriteSync, fsWritevSync } from './fsAppend.js';
import { mmlogFramed, mmlogFramedConcatenated, mmlogRaw, mmlogRawBytes } from './mmlog.js';
import { oDirect } from './oDirect.js';
import { pinoAsync, pinoMmlog, pinoSync } from './pino.js';
import { sonicBoomAsync, sonicBoomSync } from './sonicBoom.js';
import type { Method } from './types.js';
import { fsWriteStream } from './writeStream.js';

export const METHODS: readonly Method[] = [
  mmlogFramed,
  mmlogFramedConcatenated,
  mmlogRaw,
  mmlogRawBytes,
  fsWriteSync,
  fsWritevSync,
  fsWriteStream,
  sonicBoomSync,
  sonicBoomAsync,
  oDirect,
  pinoMmlog,
  pinoSync,
  pinoAsync,
];

/** The method every mmlog row is compared with. */
export const BASELINE_ID = fsWriteSync.id;

/** The rows that get a throughput ratio against {@link BASELINE_ID}. */
export function isMmlogRow(id: string): boolean {
  return id.startsWith('mmlog') || id === pinoMmlog.id;
}

export function methodById(id: string): Method {
  const method = METHODS.find((m) => m.id === id);
  if (method === undefined) throw new Error(`unknown method '${id}'; known: ${METHODS.map((m) => m.id).join(', ')}`);
  return method;
}
