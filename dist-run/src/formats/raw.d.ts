import type { RecordFormat } from './recordFormat.js';
export declare const rawFormat: RecordFormat;
