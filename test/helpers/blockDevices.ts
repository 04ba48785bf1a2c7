/**
 * Filesystems made for a test, for the root-only tests that need a full disk,
 * a failing device or a power cut: a tmpfs of a given size, and an ext4 on a
 * loop device whose image file lives wherever the test puts it (on a tiny
 * tmpfs, the image can run out of room under a filesystem that thinks it has
 * plenty: its writes then fail, and so does `fdatasync`), and an XFS with
 * reflinks, where a file (an image being written) is copied at one instant.
 * Each function returns why it cannot, rather than throwing, so that the test
 * skips with a printed reason.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, constants as fsConstants, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Why this process cannot mount filesystems, or undefined if it can try. */
export function cannotMount(what: string): string | undefined {
  if (process.getuid?.() !== 0) return `needs root to ${what} (run as root to include this test)`;
  return undefined;
}

function commandError(error: unknown): string {
  return String((error as { stderr?: Buffer }).stderr ?? error).trim();
}

/** Mounts a tmpfs of `size` (`'4m'`…) on `dir`; returns why not, if it cannot. */
export function mountTmpfs(dir: string, size: string): string | undefined {
  const reason = cannotMount('mount a tmpfs');
  if (reason !== undefined) return reason;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs here: ${commandError(error)}`;
  }
}

/** A filesystem on a loop device, mounted. */
export interface LoopFs {
  /** Where it is mounted. */
  mountPoint: string;
  /** Its image file. */
  image: string;
  /**
   * Unmounts it (the loop device, attached with autoclear, goes with it) and
   * removes the mount point; idempotent. When the filesystem is busy, it is
   * detached lazily (`umount -l`: gone from the tree at once, released when
   * its last user goes), so that a failed test never leaves it mounted.
   */
  unmount(): void;
}

export interface LoopFsOptions {
  /** Size of the (sparse) image file, in MiB. */
  sizeMiB: number;
  /**
   * Whether ext4 keeps a journal. Without one, a failed data write fails
   * `fdatasync` and nothing else: no journal abort, no read-only remount.
   */
  journal: boolean;
  /** Extra `mkfs.ext4` options (`-b 4096`…). */
  mkfsOptions?: string[];
  /** Extra mount options (`errors=continue`…). */
  mountOptions?: string[];
}

/**
 * Makes an ext4 image `image` (sparse) and mounts it through a loop device on
 * `mountPoint`. Returns the filesystem, or why it cannot.
 */
export function mountLoopExt4(image: string, mountPoint: string, options: LoopFsOptions): LoopFs | string {
  const features = options.journal ? [] : ['-O', '^has_journal'];
  const mkfs = ['mkfs.ext4', '-q', '-F', ...features, '-E', 'nodiscard', ...(options.mkfsOptions ?? [])];
  return makeLoopFs('an ext4', mkfs, image, mountPoint, options.sizeMiB, options.mountOptions);
}

/**
 * Makes an XFS image `image` (sparse) with reflinks, and mounts it through a
 * loop device on `mountPoint`: a filesystem where {@link cloneFile} works.
 * Returns the filesystem, or why it cannot (no `mkfs.xfs`: package xfsprogs).
 */
export function mountLoopXfsReflink(image: string, mountPoint: string, sizeMiB: number): LoopFs | string {
  const fs = makeLoopFs('an XFS', ['mkfs.xfs', '-q', '-f', '-m', 'reflink=1'], image, mountPoint, sizeMiB);
  return typeof fs === 'string' && fs.includes('mkfs.xfs ENOENT') ? `${fs} (install xfsprogs)` : fs;
}

function makeLoopFs(
  what: string,
  mkfs: string[],
  image: string,
  mountPoint: string,
  sizeMiB: number,
  mountOptions: string[] = [],
): LoopFs | string {
  const reason = cannotMount('mount a loop device');
  if (reason !== undefined) return reason;
  try {
    execFileSync('truncate', ['-s', `${sizeMiB}M`, image], { stdio: 'pipe' });
    execFileSync(mkfs[0], [...mkfs.slice(1), image], { stdio: 'pipe' });
  } catch (error) {
    return `cannot make ${what} filesystem here: ${commandError(error)}`;
  }
  return mountLoopImage(image, mountPoint, mountOptions);
}

/**
 * Mounts the filesystem image `image` (one that exists: a copy of another's)
 * through a loop device on `mountPoint`. Returns the filesystem, or why it
 * cannot.
 */
export function mountLoopImage(image: string, mountPoint: string, mountOptions: string[] = []): LoopFs | string {
  const reason = cannotMount('mount a loop device');
  if (reason !== undefined) return reason;
  try {
    mkdirSync(mountPoint, { recursive: true });
    execFileSync('mount', ['-o', ['loop', ...mountOptions].join(','), image, mountPoint], { stdio: 'pipe' });
  } catch (error) {
    return `cannot mount ${image} through a loop device here: ${commandError(error)}`;
  }
  let mounted = true;
  return {
    mountPoint,
    image,
    unmount() {
      if (!mounted) return;
      mounted = false;
      unmount(mountPoint);
      detachLoops(image);
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}

/**
 * Unmounts the filesystem mounted on `mountPoint`; when it is busy, detaches
 * it lazily (`umount -l`: gone from the tree at once, released when its last
 * user goes), so that a failed test never leaves it mounted.
 */
export function unmount(mountPoint: string): void {
  try {
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
  } catch {
    execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
  }
}

/** Detaches every loop device still attached to `image` (a lazy unmount's, once released: autoclear does it then). */
function detachLoops(image: string): void {
  let listed: string;
  try {
    listed = execFileSync('losetup', ['-n', '-O', 'NAME', '-j', image], { encoding: 'utf8', stdio: 'pipe' });
  } catch {
    return;
  }
  for (const device of listed.split('\n').filter((line) => line.trim() !== '')) {
    try {
      execFileSync('losetup', ['-d', device.trim()], { stdio: 'pipe' });
    } catch {
      // Still in use: autoclear detaches it when its last user goes.
    }
  }
}

/**
 * Copies `source` to `target` as a reflink (`FICLONE`): no byte is copied,
 * the two files share their blocks until one is written. Throws when the
 * filesystem cannot (it does not fall back to copying).
 */
export function cloneFile(source: string, target: string): void {
  copyFileSync(source, target, fsConstants.COPYFILE_FICLONE_FORCE);
}

/** Drops the page cache, so that later reads come from the devices (root). */
export function dropCaches(): void {
  execFileSync('sync');
  execFileSync('sh', ['-c', 'echo 3 > /proc/sys/vm/drop_caches']);
}

/** A directory `name` under `dir`, created. */
export function subdir(dir: string, name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  return path;
}
