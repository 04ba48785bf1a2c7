import type { OpenOptions } from '../../src/options.js';
export interface AppenderSpec {
    path: string;
    writer: number;
    count: number;
    options: OpenOptions;
    /** Where to save the positions (Float64Array). */
    positionsFile: string;
    /** 'bytes': recordBytes() of recordSizes(); 'text': UTF-8 lines with multi-byte characters. */
    payload: 'bytes' | 'text';
    /** With 'bytes': the largest record (sizes above it are cut to it). Default 64 KiB. */
    maxSize?: number;
}
