import type { LogIdentity } from '../control/header.js';
import type { RecordFormat } from './recordFormat.js';
/** The META record that opens every framed data file: it names the log the file belongs to. */
export declare function encodeMetaRecord(identity: LogIdentity): Buffer;
export declare const framedFormat: RecordFormat;
