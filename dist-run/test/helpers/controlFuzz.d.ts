/** Writes `hex` at `at`, or this child's own pid / start time there (a live slot). */
export type Mutation = {
    at: number;
    hex: string;
} | {
    at: number;
    self: 'pid' | 'startTime';
};
export interface FuzzCase {
    id: number;
    format: 'raw' | 'framed';
    label: string;
    mutations: Mutation[];
}
/** What the mutations are derived from: the template log of each format. */
export interface Template {
    format: 'raw' | 'framed';
    /** Cursor (= data file size) of the template. */
    cursor: number;
    dataStart: number;
    slotCount: number;
    maxFrame: number;
    chunkSize: number;
    /** A process id that is not running. */
    deadPid: number;
}
/** Every field with each of its interesting values (slot fields in a dead writer's slot, and in a live one). */
export declare function targetedCases(t: Template, firstId: number): FuzzCase[];
/** `count` random cases from `seed`: random fields set to random (often plausible) values, or random bytes. */
export declare function randomCases(t: Template, firstId: number, count: number, seed: number, controlSize: number): FuzzCase[];
