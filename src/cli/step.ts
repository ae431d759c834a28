/**
 * What a command was doing when it failed: an exception that is not the user's (a usage error is) is
 * wrapped with the step and the file, so the CLI prints one line saying what failed instead of a stack trace.
 */
import { UsageError } from '../fs/walk.js';

export class StepError extends Error {
  constructor(
    /** What was being done, e.g. `analyzing slos/checkout.yaml`. */
    readonly step: string,
    override readonly cause: unknown,
  ) {
    super(`${step}: ${reason(cause)}`);
    this.name = 'StepError';
  }
}

/** An exception as one line: its message, without its stack. */
function reason(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.split(/\r?\n/)[0]!.trim();
}

const wrap = (step: string, err: unknown) =>
  err instanceof UsageError || err instanceof StepError ? err : new StepError(step, err);

/** Runs `work` as `step`: what it throws (but a usage error, or a step inside it) says which step failed. */
export function step<T>(what: string, work: () => T): T {
  try {
    const result = work();
    if (result instanceof Promise)
      return result.catch((err: unknown) => {
        throw wrap(what, err);
      }) as T;
    return result;
  } catch (err) {
    throw wrap(what, err);
  }
}

/** The line an internal error prints: what failed, in which step, and the version to report it with. */
export function internalErrorLine(err: unknown, command: string, version: string): string {
  const [what, cause] = err instanceof StepError ? [err.step, err.cause] : [`running ${command}`, err];
  return `team-sre: internal error while ${what}: ${reason(cause)} (team-sre ${version}); please report it with this line.\n`;
}
