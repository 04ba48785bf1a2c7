import type { LogIdentity } from './header.js';
/** A view of one writer slot, as read by an observer. */
export interface SlotSnapshot {
    index: number;
    pid: number;
    threadId: number;
    startTime: number;
    role: number;
    claimFloor: number;
    claimPos: number;
    claimLen: number;
    openedAt: number;
    /**
     * Whether the owning process is still running: it ran in this boot of the
     * machine, and a process with its pid and start time exists.
     */
    alive: boolean;
}
/** Typed access to a mapped control file. */
export declare class ControlBlock {
    readonly buffer: SharedArrayBuffer;
    readonly identity: LogIdentity;
    /** Views over the whole control file, for atomics. */
    readonly i32: Int32Array;
    readonly i64: BigInt64Array;
    readonly f64: Float64Array;
    constructor(buffer: SharedArrayBuffer, identity: LogIdentity);
    /** Unmaps this control block and closes its file descriptor. */
    close(fd: number): void;
    /** The next free position: everything below has been claimed. */
    cursor(): number;
    /** Bytes of the data file known to be allocated. */
    allocated(): number;
    /** Raises ALLOCATED to `size` unless it is already larger; never lowers it. */
    raiseAllocated(size: number): void;
    /** Raises the i64 field at byte `offset` to `value` unless it is already larger (a CAS-max). */
    raise(offset: number, value: number): void;
    /**
     * Lowers ALLOCATED from `seen` to `size` unless it changed meanwhile. For an
     * ALLOCATED found above the real file size (a trim interrupted between
     * setting it and cutting the file, or a file cut outside mmlog).
     */
    lowerAllocated(seen: number, size: number): void;
    /** Sets ALLOCATED exactly; only under the lifecycle lock with no other live writer (trim). */
    resetAllocated(size: number): void;
    /** Sets the cursor exactly; only by recovery, under its lock, with no other live writer. */
    resetCursor(pos: number): void;
    /** The committed watermark: every claim below it is complete. */
    committed(): number;
    /** Raises the committed watermark to `pos` unless it is already higher. */
    raiseCommitted(pos: number): void;
    /** Sets the committed watermark exactly; only by recovery, under its lock. */
    resetCommitted(pos: number): void;
    /**
     * Whether the log was last opened (created or recovered) in this boot of
     * the machine. Otherwise the machine rebooted (or crashed) since, and every
     * process recorded in the slots is gone.
     */
    openedInThisBoot(): boolean;
    /** Records this boot of the machine as the one the log was last opened in. */
    recordBootId(): void;
    private bootIdBytes;
    flags(): number;
    setFlag(flag: number): void;
    clearFlag(flag: number): void;
    get dataReady(): boolean;
    /** Adds `n` to a u32 statistic. */
    bumpStat(offset: number, n?: number): void;
    stat(offset: number): number;
    /**
     * Whether slot `index` was taken in this boot of the machine. A slot of an
     * earlier boot belongs to a dead process whatever its pid and start time say
     * (after a reboot both are reused). A slot with no boot tag (written by an
     * earlier build) is judged by the header's boot id.
     */
    slotOfThisBoot(index: number): boolean;
    /**
     * Whether the owner of slot `index` (pid and start time as given) is a
     * running process of this boot and, for a slot of this process, a thread
     * that is not torn down (which only this process can tell).
     */
    ownerAlive(index: number, pid: number, startTime: number): boolean;
    /** Byte offset of slot `index`. */
    slotOffset(index: number): number;
    /** Reads one slot; `alive` checks the owner process. */
    readSlot(index: number): SlotSnapshot;
    /** Snapshots of every occupied slot. */
    occupiedSlots(): SlotSnapshot[];
    /**
     * Takes a free slot, or the slot of a dead process, for this thread.
     * Returns the slot index, or -1 when every slot belongs to a live owner.
     */
    acquireSlot(role: number, threadId: number): number;
    /**
     * Registers slot `index`, taken by this thread, so that it is freed if the
     * thread is torn down still holding it (a worker thread that exits or is
     * terminated without closing its logs).
     */
    holdSlot(index: number, threadId: number): void;
    /** Gives slot `index` back; the caller must own it. */
    releaseSlot(index: number): void;
    /** Live writers other than slot `except`. */
    otherLiveWriters(except: number): SlotSnapshot[];
}
