/**
 * Argument checks shared by every public function (`open`, `read`, `follow`,
 * `stat`, `verify`, `recover`), so that all of them refuse bad input the same
 * way and before any file is opened: a `TypeError` for a value of the wrong
 * type, a malformed path or options object, or an option name that is not
 * known (a misspelt option must not be silently ignored); a `RangeError` for
 * a value of the right type out of range.
 * @module
 */

/**
 * Checks the value of one option (never `undefined`: an option set to
 * `undefined` counts as absent, as when it is left out) and throws a
 * TypeError or RangeError naming it. Returns undefined, or what to keep in
 * place of the value: the checked copy of a nested options object, so that
 * nothing is read from the caller's object again.
 */
export type OptionCheck = (name: string, value: unknown) => unknown;

/** The checks of every option a function takes: its keys are the only option names accepted. */
export type OptionChecks<T> = { readonly [K in keyof Required<T>]: OptionCheck };

/** `typeof`, with `null` and arrays told apart from objects, for messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** What a value is, for messages: `null`, a view's class (`Float64Array`), an object's class, or `typeof`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/**
 * A log's path: a non-empty string without NUL bytes (no file name can hold
 * one; the system call would see a shorter, different path).
 */
export function checkPath(path: unknown): asserts path is string {
  if (typeof path !== 'string') throw new TypeError(`path must be a string, got ${describeType(path)}`);
  if (path.length === 0) throw new TypeError('path must not be empty');
  if (path.includes('\0')) throw new TypeError('path must not contain NUL bytes');
}

/** Whether `value` is an object literal (or made by `Object.create(null)`): no array, class instance or function. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Validates the options object `options` of `fn()` against `checks` and
 * returns a copy holding only the options given (not `undefined`), so that
 * the caller reads each value once, as checked (a getter cannot change it
 * afterwards). `undefined` stands for no options.
 */
export function checkOptions<T extends object>(fn: string, options: unknown, checks: OptionChecks<T>): Partial<T> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) {
    throw new TypeError(`options of ${fn}() must be a plain object, got ${describeType(options)}`);
  }
  const given: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(checks, key)) {
      const known = Object.keys(checks);
      const takes = known.length === 0 ? 'it takes none' : `it takes ${known.join(', ')}`;
      throw new TypeError(`unknown option '${key}' of ${fn}() (${takes})`);
    }
    const value = options[key];
    if (value === undefined) continue;
    // A check may hand back the value to keep: the checked copy of a nested options object.
    const kept = (checks as Record<string, OptionCheck>)[key](key, value);
    given[key] = kept === undefined ? value : kept;
  }
  return given as Partial<T>;
}

/** An integer from `min` to `max`: TypeError if not a number, RangeError otherwise. */
export function integerIn(min: number, max: number): OptionCheck {
  return (name, value) => {
    if (typeof value !== 'number') throw new TypeError(`option '${name}' must be a number, got ${describeType(value)}`);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(`option '${name}' must be an integer from ${min} to ${max}, got ${value}`);
    }
  };
}

/** A position in a log: a non-negative safe integer. */
export const position: OptionCheck = integerIn(0, Number.MAX_SAFE_INTEGER);

/** `true` or `false`. */
export const boolean: OptionCheck = (name, value) => {
  if (typeof value !== 'boolean') throw new TypeError(`option '${name}' must be a boolean, got ${describeType(value)}`);
};

/** A function (a callback). */
export const callback: OptionCheck = (name, value) => {
  if (typeof value !== 'function')
    throw new TypeError(`option '${name}' must be a function, got ${describeType(value)}`);
};

/** An `AbortSignal`. */
export const abortSignal: OptionCheck = (name, value) => {
  if (!(value instanceof AbortSignal)) {
    throw new TypeError(`option '${name}' must be an AbortSignal, got ${describeType(value)}`);
  }
};

/** One of the strings `values`: TypeError if not a string, RangeError if another one. */
export function oneOf(...values: string[]): OptionCheck {
  const list = values.map((v) => `'${v}'`).join(' or ');
  return (name, value) => {
    if (typeof value !== 'string') throw new TypeError(`option '${name}' must be ${list}, got ${describeType(value)}`);
    if (!values.includes(value)) throw new RangeError(`option '${name}' must be ${list}, got '${value}'`);
  };
}
