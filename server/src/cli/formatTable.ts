import { UsageError } from './cliIo';

/**
 * One output format of a command: an entry in the command's table (`Record<name, entry>`). The table is the only
 * list of formats: `--format`'s values, its validation and its help all come from it.
 */
export interface FormatEntry {
  /** What the format prints, for --help: one or more lines, without indentation. */
  readonly help: readonly string[];
}

/** `a, b or c`. */
export function oneOf(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The table's entry for `--format NAME`, or a usage error that names every format. */
export function readFormat<T extends FormatEntry>(table: Readonly<Record<string, T>>, name: string): T {
  if (!Object.hasOwn(table, name)) throw new UsageError(`--format must be ${oneOf(Object.keys(table))}, not "${name}"`);
  return table[name];
}

/**
 * The help of `--format`: `  --format a|b|c  output format (default: a)`, its description starting at `column`,
 * then each format's lines below it (`a: ...`, continuation lines aligned after the names).
 */
export function formatOptionHelp(table: Readonly<Record<string, FormatEntry>>, defaultName: string, column: number): string {
  const names = Object.keys(table);
  const option = `  --format ${names.join('|')}`;
  const description = `output format (default: ${defaultName})`;
  // An option too long for its column gets a line of its own, as --help prints other long options.
  const lines = option.length < column - 1 ? [`${option.padEnd(column)}${description}`] : [option, `${' '.repeat(column)}${description}`];
  const nameWidth = Math.max(...names.map((name) => name.length)) + 2;
  const indent = ' '.repeat(column + 2);
  for (const name of names) {
    table[name].help.forEach((line, i) => lines.push(`${indent}${(i === 0 ? `${name}:` : '').padEnd(nameWidth)}${line}`));
  }
  return lines.join('\n');
}
