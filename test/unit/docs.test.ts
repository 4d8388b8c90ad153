import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultText, type OptionSpec } from '../../src/config/option-spec.js';
import { SETTINGS } from '../../src/config/settings.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

const docs = new URL('../../docs/', import.meta.url);
const pages = readdirSync(docs).filter((f) => f.endsWith('.md'));
const text = (file: string): string => readFileSync(new URL(file, docs), 'utf8');

describe('docs agree with the CLI', () => {
  const flags = new Set((Object.values(SETTINGS) as OptionSpec[]).flatMap((s) => (s.flag === undefined ? [] : [s.flag.split(' ')[0] ?? ''])));
  flags.add('--help');
  flags.add('--version');
  const keys = new Set(Object.keys(SETTINGS));

  it.each(pages)('every --flag and config key in docs/%s exists', (file) => {
    const body = text(file);
    const tableFlags = [...body.matchAll(/^\|[^|\n]*?(--[a-z][a-z-]*)/gm)].map((m) => m[1] ?? '');
    for (const flag of tableFlags) expect(flags, `${file}: ${flag}`).toContain(flag);
    const tableKeys = [...body.matchAll(/^\|[^|\n]*\|\s*`([a-zA-Z]+(?:\.[a-zA-Z]+)*)`\s*\|/gm)].map((m) => m[1] ?? '');
    for (const key of tableKeys.filter((k) => !k.includes('*'))) expect(keys, `${file}: ${key}`).toContain(key);
  });

  it.each(pages)('every default in the flag tables of docs/%s is the declared one', (file) => {
    // | `--flag ...` | `key` | default | description |
    for (const [, key = '', shown = ''] of text(file).matchAll(/^\|\s*`--[^|\n]*\|\s*`([a-zA-Z.]+)`\s*\|([^|\n]*)\|[^|\n]*\|\s*$/gm)) {
      const spec = (SETTINGS as Record<string, OptionSpec>)[key];
      const declared = spec === undefined ? undefined : defaultText(spec);
      if (declared !== undefined) expect(shown.trim().replace(/`/g, ''), `${file}: ${key}`).toBe(declared);
    }
  });

  it('every subcommand has a page, and the page names every flag of the command', () => {
    for (const command of COMMANDS.filter((c) => !c.name.startsWith('mappings'))) {
      const page = `${command.name}.md`;
      expect(pages).toContain(page);
      const body = text(page);
      for (const key of command.settings) {
        const flag = SETTINGS[key].flag?.split(' ')[0];
        if (flag !== undefined && !flag.startsWith('--source') && flag !== '--target') expect(body, `${page}: ${flag}`).toContain(flag);
      }
    }
  });
});
