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

  it('reads markers only outside strings, quoted names, dollar quotes and block comments', () => {
    const name = `CREATE TABLE "x\n${END_MARKER}\n${statementMarker('b')}\ny" (id int);`;
    const comment = "COMMENT ON TABLE t IS 'first line\n-- a line of the comment';";
    const escaped = "COMMENT ON TABLE t IS E'it\\'s\n-- still the comment';";
    const body = `CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$\n${statementMarker('c')}\nSELECT 1\n$body$;`;
    const block = `/* a note\n${END_MARKER}\n*/ SELECT 2;`;
    const parsed = parseStatementFile(file(statementMarker('a'), name, statementMarker('d'), comment, statementMarker('e'), escaped, statementMarker('f'), body, statementMarker('g'), block), 'f.sql');
    expect([...parsed.keys()]).toEqual(['a', 'd', 'e', 'f', 'g']);
    expect(parsed.get('a')?.sql).toBe(name);
    expect(parsed.get('d')?.sql).toBe(comment);
    expect(parsed.get('e')?.sql).toBe(escaped);
    expect(parsed.get('f')?.sql).toBe(body);
    expect(parsed.get('g')?.sql).toBe(block);
  });

  it('trims a plan statement the way the file is read back', () => {
    expect(trimStatement('\n-- note\nSELECT 1;\n-- after\n')).toBe('SELECT 1;');
  });
});
