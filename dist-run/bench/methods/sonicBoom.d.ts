import type { Method } from './types.js';
export declare const sonicBoomSync: Method;
export declare const sonicBoomAsync: Method;
