export interface MachineInfo {
    cpus: number;
    cpuModel: string;
    kernel: string;
    node: string;
    /** `process.versions.v8` (absent in results from before it was recorded). */
    v8?: string;
    memoryGiB: number;
    /** Filesystem type and device of the benchmark directory, from /proc/mounts. */
    filesystem: string;
    benchDir: string;
    date: string;
}
export declare function machineInfo(benchDir: string): MachineInfo;
