import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { MigrateError } from '../../src/errors.js';
import { readVersionedJson } from '../../src/json-file.js';
import { migrateFailure } from '../support/failure.js';

const Thing = z.strictObject({ formatVersion: z.literal(2), name: z.string() });
const role = { codePrefix: 'THING', formatVersion: 2, notFound: 'no thing here' };

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'ms2pg-json-')), 'thing.json');
  writeFileSync(path, text);
  return path;
}

const failure = (path: string): MigrateError => migrateFailure(() => readVersionedJson(path, Thing, role));

describe('readVersionedJson', () => {
  it('reads a file of its version that matches the schema', () => {
    expect(readVersionedJson(fileWith('{"formatVersion":2,"name":"x"}'), Thing, role)).toEqual({ formatVersion: 2, name: 'x' });
  });

  it('names the file and the fault with codes of the role', () => {
    const missing = failure('/nonexistent/thing.json');
    expect([missing.code, missing.message]).toEqual(['THING_UNREADABLE', '/nonexistent/thing.json: no thing here']);
    expect(failure(fileWith('{"formatVersion":2,')).code).toBe('THING_UNREADABLE');
    const old = failure(fileWith('{"formatVersion":1,"name":"x"}'));
    expect(old.code).toBe('THING_VERSION');
    expect(old.message).toContain('thing.json');
    const malformed = failure(fileWith('{"formatVersion":2,"name":3}'));
    expect(malformed.code).toBe('THING_MALFORMED');
    expect(malformed.message).toMatch(/thing\.json: \$\.name: /);
  });
});
