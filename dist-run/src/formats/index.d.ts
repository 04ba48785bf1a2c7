/** The data formats by name. @module */
import type { FormatName } from '../control/layout.js';
import type { RecordFormat } from './recordFormat.js';
export declare function formatByName(name: FormatName): RecordFormat;
