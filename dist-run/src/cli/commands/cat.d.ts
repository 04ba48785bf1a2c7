/**
 * `mmlog cat`: print the payloads of a log.
 * @module
 */
import { type Command } from '../output.js';
export declare const cat: Command;
