/**
 * `edgeloss list [--json]`: every loss in the names table with its CLI name, aliases, API name, options
 * (as CLI flags) and their defaults.
 */
import { Command } from 'commander';
import { NAMES } from '../names.js';

/** API option key → CLI flag: posWeight → --pos-weight. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function showDefault(v: number | string | boolean | null): string {
  return v === null ? '' : `=${String(v)}`;
}

/** The table as lines of text. */
export function listLines(): string[] {
  const header = ['NAME', 'ALIASES', 'API', 'OPTIONS (default)', 'SUMMARY'];
  const rows = NAMES.map((r) => [
    r.cli,
    r.aliases.join(',') || '-',
    r.api,
    Object.entries(r.options).map(([k, v]) => `${flagOf(k)}${showDefault(v)}`).join(' ') || '-',
    r.summary,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const fmt = (cells: string[]) => cells.map((s, c) => (c === cells.length - 1 ? s : s.padEnd(widths[c]!))).join('  ');
  return [
    fmt(header),
    ...rows.map(fmt),
    '',
    'Every loss also takes --reduction mean|sum|none (default mean). Options without a default are unset unless given.',
  ];
}

/** The table as JSON-ready objects. */
export function listJson(): unknown[] {
  return NAMES.map((r) => ({
    cli: r.cli,
    aliases: [...r.aliases],
    api: r.api,
    stem: r.stem,
    options: Object.fromEntries(Object.entries(r.options).map(([k, v]) => [k, { flag: flagOf(k), default: v }])),
    summary: r.summary,
  }));
}

export function registerList(program: Command, stdout: (line: string) => void): void {
  program
    .command('list')
    .description('list every loss with its aliases, API name and options')
    .option('--json', 'print a JSON array')
    .action((opts: { json?: boolean }) => {
      if (opts.json) stdout(JSON.stringify(listJson()));
      else for (const line of listLines()) stdout(line);
    });
}
