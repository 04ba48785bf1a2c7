import { type Command } from '../output.js';
export declare const statCommand: Command;
