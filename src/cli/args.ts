/**
 * The command line of every `team-sre` command, parsed in one place with `node:util` `parseArgs`: a command
 * declares its options as data, and every usage error reads the same (`team-sre: …`, exit code 2).
 */
import { parseArgs } from 'node:util';
import { UsageError } from '../fs/walk.js';
import { DEFAULT_SLOTH_PERIOD, isSlothPeriod } from '../config/settings.js';
import { MEGABYTE, settingDefault } from '../config/schema.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Given any number of times, every value kept in order; other options may be given once. */
  multiple?: boolean;
  default?: string;
  /** The values allowed: anything else is a usage error naming them. */
  choices?: readonly string[];
  /** What the usage error says after the flag when its value is missing or empty (default: `needs a value`). */
  missing?: string;
  /** A boolean that may also be written `--flag=true` or `--flag=false`, as Go's flag packages allow. */
  explicit?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<O extends OptionSpecs> {
  /** The command as messages name it, e.g. `postmortem new`. */
  command: string;
  options: O;
  /** How an option given twice is refused: with its count, or (as `report` always said) "more than once". */
  repeated?: 'count' | 'more than once';
}

type OptionValue<S extends OptionSpec> = S extends { type: 'boolean' }
  ? boolean
  : S extends { multiple: true }
    ? string[]
    : S extends { default: string }
      ? Choice<S>
      : Choice<S> | undefined;

type Choice<S extends OptionSpec> = S extends { choices: readonly (infer C extends string)[] } ? C : string;

export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: OptionValue<O[K]> };

export interface CommandLine<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
  /** The options given on the command line (a default is not given). */
  given: ReadonlySet<keyof O>;
  /** `--help` or `-h` anywhere: the help is printed and nothing else is checked. */
  help: boolean;
}

const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/** `--sloth-period`, for the commands that compute budgets of Sloth SLOs. */
export const SLOTH_PERIOD_OPTION = {
  type: 'string',
  default: DEFAULT_SLOTH_PERIOD,
} as const satisfies OptionSpec;

/** The `--sloth-period` given, checked as the `teamSre.sloth.defaultPeriod` setting is. */
export function parseSlothPeriod(text: string): string {
  if (!isSlothPeriod(text))
    throw new UsageError(`--sloth-period must be a duration such as 30d or 28d, not '${text}'`);
  return text;
}

/** `--max-file-size MB`, for the commands that read SLO files: the `teamSre.maxFileSizeMB` setting's default. */
export const MAX_FILE_SIZE_OPTION = {
  type: 'string',
  default: String(settingDefault('teamSre.maxFileSizeMB')),
  missing: 'needs a number of megabytes, e.g. --max-file-size 10',
} as const satisfies OptionSpec;

/**
 * The largest `--max-file-size`, in MB: Node's strings stop at 512 MB, and the YAML of a file takes several
 * times its size in memory once parsed.
 */
export const MAX_FILE_SIZE_LIMIT_MB = 256;

/** The `--max-file-size` given (megabytes, as the setting), in bytes; a usage error unless it is in (0, 256]. */
export function parseMaxFileSize(text: string): number {
  const mb = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (!(mb > 0 && mb <= MAX_FILE_SIZE_LIMIT_MB))
    throw new UsageError(
      `--max-file-size must be a number of megabytes above 0 and at most ${MAX_FILE_SIZE_LIMIT_MB}, such as 10 or 0.5, not '${text}'`,
    );
  return Math.max(1, Math.round(mb * MEGABYTE));
}

/** A command's arguments, or the usage error that says what is wrong with the first wrong one. */
export function parseCommandLine<O extends OptionSpecs>(
  args: string[],
  spec: CommandSpec<O>,
): CommandLine<O> {
  const { values, positionals, tokens } = parseArgs({
    args,
    options: { ...spec.options, help: HELP_OPTION },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const typed = () => {
    const out: Record<string, unknown> = {};
    for (const [name, option] of Object.entries(spec.options))
      out[name] =
        option.type === 'boolean'
          ? values[name] === true || values[name] === 'true'
          : option.multiple
            ? (values[name] ?? [])
            : values[name];
    return out as OptionValues<O>;
  };
  const given = new Set<keyof O>();
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help'))
    return { values: typed(), positionals, given, help: true };
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (!option)
      throw new UsageError(
        `unknown option '${args[token.index]}' for ${spec.command}. Run 'team-sre --help'.`,
      );
    const flag = `--${token.name}`;
    const { value } = token;
    if (option.type === 'boolean') {
      if (
        value !== undefined &&
        !(option.explicit && token.inlineValue && (value === 'true' || value === 'false'))
      )
        throw new UsageError(
          `${flag} takes ${option.explicit ? '=true, =false or ' : ''}no value, not '${value}'`,
        );
    } else if (value === undefined || value === '' || (!token.inlineValue && value.startsWith('--'))) {
      throw new UsageError(`${flag} ${option.missing ?? 'needs a value'}`);
    } else if (option.choices && !option.choices.includes(value)) {
      throw new UsageError(`${flag} must be one of ${option.choices.join(', ')}, not '${value}'`);
    }
    const count = (counts.get(token.name) ?? 0) + 1;
    counts.set(token.name, count);
    given.add(token.name);
    if (!option.multiple && count === 2 && spec.repeated === 'more than once')
      throw new UsageError(`${flag} is given more than once; give it once`);
  }
  for (const [name, count] of counts)
    if (count > 1 && !spec.options[name]!.multiple)
      throw new UsageError(`--${name} is given ${count} times; give it once`);
  return { values: typed(), positionals, given, help: false };
}
