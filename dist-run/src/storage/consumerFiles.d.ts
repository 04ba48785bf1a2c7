/** A consumer name: letters, digits, `.`, `_`, `-`, not starting with `.`; at most 128 characters. */
export declare const CONSUMER_NAME: RegExp;
/** A named consumer and its committed position. */
export interface ConsumerPosition {
    name: string;
    position: number;
}
/** The committed position of consumer `name`, or undefined when it has none. */
export declare function readConsumerPosition(dir: string, name: string): number | undefined;
/** Every named consumer of the log in `dir`, by name. */
export declare function listConsumers(dir: string): ConsumerPosition[];
/**
 * Stores `position` for consumer `name`, durably (flushed before it
 * replaces the previous one), with permission bits `mode`.
 */
export declare function writeConsumerPosition(dir: string, name: string, position: number, mode: number): void;
/** Removes consumer `name`: retention no longer waits for it. */
export declare function removeConsumer(dir: string, name: string): void;
