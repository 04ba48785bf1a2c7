import type { FuzzCase } from '../helpers/controlFuzz.js';
export interface FuzzBatch {
    /** Template log of each format: `${dir}/log` and `${dir}/log.ctl`. */
    templates: Record<'raw' | 'framed', {
        dir: string;
        size: number;
    }>;
    /** Bytes the data file may grow by, over the template's size. */
    growthBound: number;
    workDir: string;
    cases: FuzzCase[];
}
export interface Violation {
    id: number;
    label: string;
    op: string;
    problem: string;
}
