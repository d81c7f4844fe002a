import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';

/** A command-line option: its kind, default, accepted range and help text. */
export interface OptionSpec {
  name: string;
  kind: 'integer' | 'number' | 'string' | 'choice' | 'flag' | 'existing-dir' | 'existing-file' | 'url';
  help: string;
  defaultValue?: string | number | boolean;
  min?: number;
  max?: number;
  choices?: readonly string[];
  /** Placeholder shown in help, such as `N` or `DIR`. */
  valueName?: string;
}

export type OptionValues = Record<string, string | number | boolean | undefined>;

/** A usage error: an unknown option, a missing or invalid value. The CLI prints it and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Parses `argv` against `specs` and validates every value: type, range, choices, and that
 * files and folders exist. Returns the values with defaults filled in and the positional
 * arguments. Throws `UsageError` naming the option, the value received and what is accepted.
 */
export function parseOptions(argv: string[], specs: readonly OptionSpec[]): { values: OptionValues; positionals: string[] } {
  const parsed = parseRaw(argv, specs);

  const values: OptionValues = {};
  for (const spec of specs) {
    const raw = parsed.values[spec.name];
    values[camelCase(spec.name)] = raw === undefined ? spec.defaultValue : convertValue(spec, raw);
  }

  return { values, positionals: parsed.positionals };
}

function parseRaw(argv: string[], specs: readonly OptionSpec[]) {
  const config: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const spec of specs) {
    config[spec.name] = { type: spec.kind === 'flag' ? 'boolean' : 'string' };
  }

  try {
    return parseArgs({ args: argv, options: config, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `${message.replace(/\.?\s*To specify an option argument.*$/s, '')}. Run with --help to list the options.`,
    );
  }
}

function convertValue(spec: OptionSpec, raw: string | boolean): string | number | boolean {
  const option = `--${spec.name}`;
  if (typeof raw === 'boolean') {
    return raw;
  }

  switch (spec.kind) {
    case 'integer':
    case 'number':
      return convertNumber(spec, raw);
    case 'choice':
      if (!spec.choices?.includes(raw)) {
        throw new UsageError(`Invalid ${option} "${raw}": expected one of ${spec.choices?.join(', ')}.`);
      }
      return raw;
    case 'existing-dir':
      if (!existsSync(raw) || !statSync(raw).isDirectory()) {
        throw new UsageError(`Invalid ${option} "${raw}": folder not found. Pass an existing folder.`);
      }
      return raw;
    case 'existing-file':
      if (!existsSync(raw) || !statSync(raw).isFile()) {
        throw new UsageError(`Invalid ${option} "${raw}": file not found. Pass an existing file.`);
      }
      return raw;
    case 'url':
      return convertUrl(option, raw);
    default:
      if (raw === '') {
        throw new UsageError(`Invalid ${option}: the value is empty.`);
      }
      return raw;
  }
}

function convertNumber(spec: OptionSpec, raw: string): number {
  const option = `--${spec.name}`;
  const value = Number(raw);
  const expectedType = spec.kind === 'integer' ? 'an integer' : 'a number';
  if (raw.trim() === '' || !Number.isFinite(value) || (spec.kind === 'integer' && !Number.isInteger(value))) {
    throw new UsageError(`Invalid ${option} "${raw}": expected ${expectedType}${rangeText(spec)}.`);
  }
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    throw new UsageError(`Invalid ${option} ${raw}: expected ${expectedType}${rangeText(spec)}.`);
  }
  return value;
}

function convertUrl(option: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Invalid ${option} "${raw}": expected an absolute http(s) URL such as https://user.github.io/repo/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`Invalid ${option} "${raw}": expected an http or https URL, got ${url.protocol}.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new UsageError(`Invalid ${option} "${raw}": the URL of a folder cannot have a query (?) or fragment (#). Remove them.`);
  }
  return raw.endsWith('/') ? raw : `${raw}/`;
}

function rangeText(spec: OptionSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) {
    return ` from ${spec.min} to ${spec.max}`;
  }
  if (spec.min !== undefined) {
    return ` of at least ${spec.min}`;
  }
  return '';
}

function camelCase(name: string): string {
  return name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** Formats the option table for `--help`: one entry per option with its placeholder and default. */
export function formatOptionHelp(specs: readonly OptionSpec[]): string {
  const lines: string[] = [];
  for (const spec of specs) {
    const placeholder = spec.kind === 'flag' ? '' : ` ${spec.valueName ?? placeholderFor(spec)}`;
    const head = `  --${spec.name}${placeholder}`;
    const defaultText = spec.defaultValue === undefined || spec.kind === 'flag' ? '' : ` (default: ${spec.defaultValue})`;
    lines.push(head);
    lines.push(`      ${spec.help}${defaultText}`);
  }
  return lines.join('\n');
}

function placeholderFor(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return 'N';
    case 'choice':
      return (spec.choices ?? []).join('|');
    case 'existing-dir':
      return 'DIR';
    case 'existing-file':
      return 'FILE';
    case 'url':
      return 'URL';
    default:
      return 'VALUE';
  }
}
