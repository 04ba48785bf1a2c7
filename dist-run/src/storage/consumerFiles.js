/**
 * The durable positions of a segmented log's named consumers: one small
 * file per consumer in the log's `consumers/` directory, holding the
 * position (decimal) the consumer resumes from. A position is replaced
 * atomically (written to a temporary file, flushed, renamed over the old
 * one), so a crash leaves the old position or the new one, never a torn
 * one. Retention reads them all: it never deletes a segment holding a
 * position at or above the lowest of them.
 * @module
 */
import { closeSync, constants as fsConstants, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync, } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { CONSUMER_SUFFIX } from '../layout/directory.js';
import { consumersPath } from './logPaths.js';
/** A consumer name: letters, digits, `.`, `_`, `-`, not starting with `.`; at most 128 characters. */
export const CONSUMER_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
function fileOf(dir, name) {
    return join(consumersPath(dir), `${name}${CONSUMER_SUFFIX}`);
}
/** The committed position of consumer `name`, or undefined when it has none. */
export function readConsumerPosition(dir, name) {
    let text;
    try {
        text = readFileSync(fileOf(dir, name), 'latin1');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
    const position = Number(text.trim());
    // A damaged file holds nothing retention could trust: keep everything (position 0).
    return Number.isSafeInteger(position) && position >= 0 ? position : 0;
}
/** Every named consumer of the log in `dir`, by name. */
export function listConsumers(dir) {
    let names;
    try {
        names = readdirSync(consumersPath(dir));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
    const consumers = [];
    for (const file of names.sort()) {
        if (!file.endsWith(CONSUMER_SUFFIX))
            continue;
        const name = file.slice(0, -CONSUMER_SUFFIX.length);
        if (!CONSUMER_NAME.test(name))
            continue;
        const position = readConsumerPosition(dir, name);
        if (position !== undefined)
            consumers.push({ name, position });
    }
    return consumers;
}
/**
 * Stores `position` for consumer `name`, durably (flushed before it
 * replaces the previous one), with permission bits `mode`.
 */
export function writeConsumerPosition(dir, name, position, mode) {
    const consumers = consumersPath(dir);
    mkdirSync(consumers, { recursive: true, mode: mode | ((mode & 0o444) >>> 2) });
    const target = fileOf(dir, name);
    const temporary = `${target}.${process.pid}-${threadId}.tmp`;
    const fd = openSync(temporary, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC, mode);
    try {
        writeSync(fd, `${position}\n`);
        fsyncSync(fd);
    }
    finally {
        closeSync(fd);
    }
    renameSync(temporary, target);
}
/** Removes consumer `name`: retention no longer waits for it. */
export function removeConsumer(dir, name) {
    try {
        unlinkSync(fileOf(dir, name));
    }
    catch (error) {
        if (error.code !== 'ENOENT')
            throw error;
    }
}
//# sourceMappingURL=consumerFiles.js.map