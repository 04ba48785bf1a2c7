import type { Method } from './types.js';
export declare const fsWriteSync: Method;
export declare const fsWritevSync: Method;
