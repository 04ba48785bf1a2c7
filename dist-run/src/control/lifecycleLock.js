/**
 * The lifecycle lock: an exclusive `flock` on the control file. A trim cuts
 * the data file under it, and a new writer passes through it after taking
 * its slot, so that it never writes into a tail being cut. The kernel drops
 * the lock when its holder dies, so a crash while holding it blocks nobody.
 * @module
 */
import { native } from '../native/binding.js';
export function lockLifecycle(controlFd, controlPath) {
    native.flock(controlFd, native.constants.LOCK_EX, controlPath);
}
export function unlockLifecycle(controlFd, controlPath) {
    native.flock(controlFd, native.constants.LOCK_UN, controlPath);
}
//# sourceMappingURL=lifecycleLock.js.map