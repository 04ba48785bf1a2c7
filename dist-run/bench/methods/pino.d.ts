import type { Method } from './types.js';
export declare const pinoMmlog: Method;
export declare const pinoSync: Method;
export declare const pinoAsync: Method;
