export declare function lockLifecycle(controlFd: number, controlPath: string): void;
export declare function unlockLifecycle(controlFd: number, controlPath: string): void;
