import type { LogReader } from '../reading/logReader.js';
/**
 * Finishes the rolls of dead writers' claims (see the module description)
 * and returns how many; `ownSlot` (the opener's) is not a dead writer's.
 */
export declare function finishDeadRolls(reader: LogReader, dir: string, ownSlot: number | undefined): number;
