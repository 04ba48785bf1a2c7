/**
 * The argument checks of the NATS target (servers, stream, subject), shared
 * by `ship` and `replay`.
 * @module
 */
import { describeType, integerIn, type OptionCheck, type OptionChecks } from '../../util/arguments.js';
import type { NatsTarget } from './connection.js';

const nonEmpty: OptionCheck = (name, value) => {
  if (typeof value !== 'string') throw new TypeError(`option '${name}' must be a string, got ${describeType(value)}`);
  if (value.length === 0 || /\s/.test(value))
    throw new RangeError(`option '${name}' must be non-empty, without spaces`);
};

/**
 * Refuses whitespace and control characters: NATS names travel on the
 * protocol's space-separated text lines.
 */
function visible(name: string, value: string): void {
  if (/[\s\p{Cc}]/u.test(value)) {
    throw new RangeError(`option '${name}' must not contain whitespace or control characters`);
  }
}

/** Longest subject taken: well inside nats-server's default limit of a protocol line (4 KiB). */
export const MAX_SUBJECT_BYTES = 1024;

export const TARGET_CHECKS: OptionChecks<NatsTarget> = {
  servers: (name, value) => {
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) throw new RangeError(`option '${name}' must name at least one server`);
    for (const server of list) nonEmpty(name, server);
  },
  stream: (name, value) => {
    nonEmpty(name, value);
    visible(name, value as string);
    if (/[.*>/\\]/.test(value as string))
      throw new RangeError(`option '${name}': a stream name has no '.', '*', '>', '/' or '\\'`);
  },
  subject: (name, value) => {
    nonEmpty(name, value);
    visible(name, value as string);
    if (/[*>]/.test(value as string)) throw new RangeError(`option '${name}' must be a subject without wildcards`);
    if ((value as string).split('.').includes('')) {
      throw new RangeError(`option '${name}' must be tokens separated by single dots (no empty token)`);
    }
    // Every publish names the subject on its protocol line, which nats-server caps (4 KiB by default) by
    // dropping the connection: the shipper would reconnect and resend for ever.
    if (Buffer.byteLength(value as string) > MAX_SUBJECT_BYTES) {
      throw new RangeError(`option '${name}' must be at most ${MAX_SUBJECT_BYTES} bytes long`);
    }
  },
  timeoutMs: integerIn(1, 3_600_000),
};

/** The target out of checked options: `servers`, `stream` and `subject` are required. */
export function checkTarget(fn: string, given: Partial<NatsTarget>): NatsTarget {
  for (const key of ['servers', 'stream', 'subject'] as const) {
    if (given[key] === undefined) throw new TypeError(`${fn}() needs option '${key}'`);
  }
  return given as NatsTarget;
}
