/**
 * `mmlog tail`: the last records of a log, and optionally the ones that follow.
 * @module
 */
import { type Command } from '../output.js';
export declare const tail: Command;
