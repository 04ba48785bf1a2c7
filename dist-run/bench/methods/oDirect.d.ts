import { type Method } from './types.js';
export declare const BLOCK = 4096;
export declare const oDirect: Method;
