import type { Method } from './types.js';
export declare const mmlogFramed: Method;
export declare const mmlogFramedConcatenated: Method;
export declare const mmlogFramedBytes: Method;
export declare const mmlogRaw: Method;
export declare const mmlogRawBytes: Method;
