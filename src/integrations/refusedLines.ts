/**
 * Log lines the log refused (over `maxRecordSize`, a full disk) that no
 * `'error'` listener hears of: the logging integrations count them and warn
 * once per error code, rather than emit an `'error'` that nothing listens
 * for, which would end the process over one log line.
 * @module
 */

/** The refusals of one destination or transport. */
export class RefusedLines {
  /** Lines refused so far, reported in any way. */
  count = 0;
  private readonly who: string;
  /** Error codes already warned of. */
  private readonly warned = new Set<string>();

  /** `who`: the integration, as the warning names it (`mmlog/pino`). */
  constructor(who: string) {
    this.who = who;
  }

  /** A process warning (code `MMLOG_LINE_REFUSED`) for `error`, unless one was given for its code already. */
  warn(file: string, error: unknown): void {
    const code = (error as { code?: unknown }).code;
    const key = typeof code === 'string' ? code : String((error as Error).name);
    if (this.warned.has(key)) return;
    this.warned.add(key);
    process.emitWarning(
      `${this.who} refused a log line for ${file}: ${(error as Error).message} ` +
        '(later lines refused for the same reason are counted in `refused`, not reported again)',
      { type: 'MmlogWarning', code: 'MMLOG_LINE_REFUSED' },
    );
  }
}
