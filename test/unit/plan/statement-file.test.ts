import { describe, expect, it } from 'vitest';
import { END_MARKER, parseStatementFile, statementMarker, trimStatement } from '../../../src/plan/statement-file.js';

const file = (...parts: string[]): string => `-- header\nBEGIN;\n\n${parts.join('\n')}\n\n${END_MARKER}\nCOMMIT;\n`;

describe('statement files', () => {
  it('reads each statement between its marker and the next, without comment and blank edges', () => {
    const text = file(statementMarker('a'), 'CREATE TABLE t (', '  id int', ');', '', '-- indexes', statementMarker('b'), 'CREATE INDEX i ON t (id);');
    const parsed = parseStatementFile(text, 'pre-data.sql');
    expect([...parsed.entries()]).toEqual([
      ['a', { sql: 'CREATE TABLE t (\n  id int\n);', line: 4 }],
      ['b', { sql: 'CREATE INDEX i ON t (id);', line: 10 }],
    ]);
  });

  it('reads a statement commented out or deleted as empty, and CRLF files as LF', () => {
    const text = file(statementMarker('a'), '-- ALTER TABLE t ADD CHECK (id > 0);', statementMarker('b')).replace(/\n/g, '\r\n');
    const parsed = parseStatementFile(text, 'post-data.sql');
    expect(parsed.get('a')?.sql).toBe('');
    expect(parsed.get('b')?.sql).toBe('');
  });

  it('writes ids that no line break or separator can end', () => {
    const id = 'post-data:view:dbo.v\nDROP TABLE victim; --\r\u2028x';
    const marker = statementMarker(id);
    expect(marker.split(/\r\n|\r|\n|\u2028|\u2029/)).toHaveLength(1);
    expect(parseStatementFile(file(marker, 'SELECT 1;'), 'f').get(id)?.sql).toBe('SELECT 1;');
  });

  it('refuses a repeated marker, a malformed one, and a file cut before its end marker', () => {
    expect(() => parseStatementFile(file(statementMarker('a'), 'SELECT 1;', statementMarker('a')), 'f.sql')).toThrow(/f\.sql:6: statement a appears twice/);
    expect(() => parseStatementFile(file('-- ms2pg:statement a'), 'f.sql')).toThrow(/f\.sql:4: a statement marker must be followed by its id/);
    expect(() => parseStatementFile(`${statementMarker('a')}\nSELECT 1;\n`, 'f.sql')).toThrow(/end marker .* is missing/);
  });

  it('trims a plan statement the way the file is read back', () => {
    expect(trimStatement('\n-- note\nSELECT 1;\n-- after\n')).toBe('SELECT 1;');
  });
});
