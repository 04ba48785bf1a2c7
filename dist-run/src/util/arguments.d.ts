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
 * TypeError or RangeError naming it.
 */
export type OptionCheck = (name: string, value: unknown) => void;
/** The checks of every option a function takes: its keys are the only option names accepted. */
export type OptionChecks<T> = {
    readonly [K in keyof Required<T>]: OptionCheck;
};
/** `typeof`, with `null` and arrays told apart from objects, for messages. */
export declare function describeType(value: unknown): string;
/**
 * A log's path: a non-empty string without NUL bytes (no file name can hold
 * one; the system call would see a shorter, different path).
 */
export declare function checkPath(path: unknown): asserts path is string;
/**
 * Validates the options object `options` of `fn()` against `checks` and
 * returns a copy holding only the options given (not `undefined`), so that
 * the caller reads each value once, as checked (a getter cannot change it
 * afterwards). `undefined` stands for no options.
 */
export declare function checkOptions<T extends object>(fn: string, options: unknown, checks: OptionChecks<T>): Partial<T>;
/** An integer from `min` to `max`: TypeError if not a number, RangeError otherwise. */
export declare function integerIn(min: number, max: number): OptionCheck;
/** A position in a log: a non-negative safe integer. */
export declare const position: OptionCheck;
/** `true` or `false`. */
export declare const boolean: OptionCheck;
/** A function (a callback). */
export declare const callback: OptionCheck;
/** An `AbortSignal`. */
export declare const abortSignal: OptionCheck;
/** One of the strings `values`: TypeError if not a string, RangeError if another one. */
export declare function oneOf(...values: string[]): OptionCheck;
