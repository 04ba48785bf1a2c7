export interface ControlFields {
    version: number;
    format: number;
    chunkSize: number;
    maxRecordSize: number;
    slotCount: number;
    logIdLo: number;
    logIdHi: number;
    dataStart: number;
    cursor: number;
    allocated: number;
    flags: number;
}
export declare function readControl(path: string): ControlFields;
export interface Frame {
    pos: number;
    type: number;
    payload: Buffer;
}
/** CRC32C(logId ‖ pos ‖ lenWord ‖ payload), computed the slow, obvious way. */
export declare function frameCrc(logIdLo: number, logIdHi: number, pos: number, lenWord: number, payload: Uint8Array): number;
/**
 * Walks every frame of a framed data file from position 0 to `end`; throws on
 * anything that is not a complete, checksummed frame.
 */
export declare function walkFramed(data: Buffer, control: ControlFields, end: number): Frame[];
