/**
 * Argument checks shared by every public function (`open`, `read`, `follow`,
 * `stat`, `verify`, `recover`), so that all of them refuse bad input the same
 * way and before any file is opened: a `TypeError` for a value of the wrong
 * type, a malformed path or options object, or an option name that is not
 * known (a misspelt option must not be silently ignored); a `RangeError` for
 * a value of the right type out of range.
 * @module
 */
/** `typeof`, with `null` and arrays told apart from objects, for messages. */
export function describeType(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return typeof value;
}
/**
 * A log's path: a non-empty string without NUL bytes (no file name can hold
 * one; the system call would see a shorter, different path).
 */
export function checkPath(path) {
    if (typeof path !== 'string')
        throw new TypeError(`path must be a string, got ${describeType(path)}`);
    if (path.length === 0)
        throw new TypeError('path must not be empty');
    if (path.includes('\0'))
        throw new TypeError('path must not contain NUL bytes');
}
/** Whether `value` is an object literal (or made by `Object.create(null)`): no array, class instance or function. */
function isPlainObject(value) {
    if (value === null || typeof value !== 'object')
        return false;
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
/**
 * Validates the options object `options` of `fn()` against `checks` and
 * returns a copy holding only the options given (not `undefined`), so that
 * the caller reads each value once, as checked (a getter cannot change it
 * afterwards). `undefined` stands for no options.
 */
export function checkOptions(fn, options, checks) {
    if (options === undefined)
        return {};
    if (!isPlainObject(options)) {
        throw new TypeError(`options of ${fn}() must be a plain object, got ${describeType(options)}`);
    }
    const given = {};
    for (const key of Object.keys(options)) {
        if (!Object.hasOwn(checks, key)) {
            const known = Object.keys(checks);
            const takes = known.length === 0 ? 'it takes none' : `it takes ${known.join(', ')}`;
            throw new TypeError(`unknown option '${key}' of ${fn}() (${takes})`);
        }
        const value = options[key];
        if (value === undefined)
            continue;
        checks[key](key, value);
        given[key] = value;
    }
    return given;
}
/** An integer from `min` to `max`: TypeError if not a number, RangeError otherwise. */
export function integerIn(min, max) {
    return (name, value) => {
        if (typeof value !== 'number')
            throw new TypeError(`option '${name}' must be a number, got ${describeType(value)}`);
        if (!Number.isInteger(value) || value < min || value > max) {
            throw new RangeError(`option '${name}' must be an integer from ${min} to ${max}, got ${value}`);
        }
    };
}
/** A position in a log: a non-negative safe integer. */
export const position = integerIn(0, Number.MAX_SAFE_INTEGER);
/** `true` or `false`. */
export const boolean = (name, value) => {
    if (typeof value !== 'boolean')
        throw new TypeError(`option '${name}' must be a boolean, got ${describeType(value)}`);
};
/** A function (a callback). */
export const callback = (name, value) => {
    if (typeof value !== 'function')
        throw new TypeError(`option '${name}' must be a function, got ${describeType(value)}`);
};
/** An `AbortSignal`. */
export const abortSignal = (name, value) => {
    if (!(value instanceof AbortSignal)) {
        throw new TypeError(`option '${name}' must be an AbortSignal, got ${describeType(value)}`);
    }
};
/** One of the strings `values`: TypeError if not a string, RangeError if another one. */
export function oneOf(...values) {
    const list = values.map((v) => `'${v}'`).join(' or ');
    return (name, value) => {
        if (typeof value !== 'string')
            throw new TypeError(`option '${name}' must be ${list}, got ${describeType(value)}`);
        if (!values.includes(value))
            throw new RangeError(`option '${name}' must be ${list}, got '${value}'`);
    };
}
//# sourceMappingURL=arguments.js.map