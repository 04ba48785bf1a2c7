import type { Method } from './types.js';
export declare const METHODS: readonly Method[];
/** The method every row is compared with. */
export declare const BASELINE_ID: string;
/**
 * The methods of the cold workloads (fresh processes, no warm-up): mmlog
 * framed and its baseline, both given the record as a plain `Uint8Array`.
 */
export declare const COLD_METHOD_IDS: readonly string[];
/** The rows drawn in mmlog's colour. */
export declare function isMmlogRow(id: string): boolean;
export declare function methodById(id: string): Method;
