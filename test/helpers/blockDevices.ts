/**
 * Filesystems made for a test, for the root-only tests that need a full disk,
 * a failing device or a power cut: a tmpfs of a given size, and an ext4 on a
 * loop device whose image file lives wherever the test puts it (on a tiny
 * tmpfs, the image can run out of room under a filesystem that thinks it has
 * plenty: its writes then fail, and so does `fdatasync`).
 * Each function returns why it cannot, rather than throwing, so that the test
 * skips with a printed reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
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

/** An ext4 filesystem on a loop device, mounted. */
export interface LoopFs {
  /** Where it is mounted. */
  mountPoint: string;
  /** Its image file. */
  image: string;
  /** Unmounts it (the loop device goes with it) and removes the mount point; idempotent. */
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
  /** Extra mount options (`errors=continue`…). */
  mountOptions?: string[];
}

/**
 * Makes an ext4 image `image` (sparse) and mounts it through a loop device on
 * `mountPoint`. Returns the filesystem, or why it cannot.
 */
export function mountLoopExt4(image: string, mountPoint: string, options: LoopFsOptions): LoopFs | string {
  const reason = cannotMount('mount a loop device');
  if (reason !== undefined) return reason;
  try {
    execFileSync('truncate', ['-s', `${options.sizeMiB}M`, image], { stdio: 'pipe' });
    const features = options.journal ? [] : ['-O', '^has_journal'];
    execFileSync('mkfs.ext4', ['-q', '-F', ...features, '-E', 'nodiscard', image], { stdio: 'pipe' });
    mkdirSync(mountPoint, { recursive: true });
    const mountOptions = ['loop', ...(options.mountOptions ?? [])].join(',');
    execFileSync('mount', ['-o', mountOptions, image, mountPoint], { stdio: 'pipe' });
  } catch (error) {
    return `cannot mount an ext4 loop device here: ${commandError(error)}`;
  }
  let mounted = true;
  return {
    mountPoint,
    image,
    unmount() {
      if (!mounted) return;
      mounted = false;
      execFileSync('umount', [mountPoint], { stdio: 'pipe' });
      rmSync(mountPoint, { recursive: true, force: true });
    },
  };
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
