/**
 * Reading rows with COPY TO STDOUT (text format) from a real PostgreSQL: every value arrives as the
 * text PostgreSQL writes for it, whatever escapes it needs and however the rows fall across chunks.
 */
import { describe, expect, it } from 'vitest';
import { CopyText, copyOutRows } from '../../../src/target/postgres/copy-out.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

async function allRows<T>(rows: AsyncIterable<T[][]>): Promise<T[][]> {
  const held: T[][] = [];
  for await (const batch of rows) held.push(...batch);
  return held;
}

describe('copyOutRows', () => {
  const db = useTestDatabase();

  it('returns text as stored: escapes, NULL against the text \\N, multi-byte characters across chunks', async () => {
    await withClient(db.url, async (client) => {
      const awkward = ['tab\there', 'new\nline', 'cr\rlf\n', 'back\\slash', '\\N', '', 'ß\b\f\v', 'Жёлтый 𝄞'];
      await client.query('CREATE TABLE awkward (id int, v text)');
      await client.query('INSERT INTO awkward SELECT i, v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i)', [awkward]);
      await client.query('INSERT INTO awkward VALUES (100, NULL)');
      // Long multi-byte text: a row spans many 64 KB chunks, and chunks cut characters in two.
      const long = `x${'Ж𝄞'.repeat(100_000)}`;
      await client.query('INSERT INTO awkward VALUES (101, $1)', [long]);
      const rows = await allRows(copyOutRows(client, 'SELECT a.id::text, a.v FROM awkward AS a ORDER BY a.id'));
      expect(rows.slice(0, -1)).toEqual([...awkward.map((v, i) => [String(i + 1), v]), ['100', null]]);
      // Compared apart: a failure would print 300,000 characters.
      const [id, text] = rows[rows.length - 1] ?? [];
      expect([id, text?.length, text === long]).toEqual(['101', long.length, true]);
    });
  });

  it('with longText, keeps long fields without escapes of long lines as bytes, and everything else as text', async () => {
    await withClient(db.url, async (client) => {
      const body = 'Протокол заседания, пункт 7; '.repeat(40);
      const escaped = 'tab\tand\\backslash '.repeat(30);
      const values = [
        [1, 'short', body, null],
        [2, 'short', escaped, body],
        [3, 'a row of short fields only', 'x', 'y'],
        // Long enough to span 64 KB chunks.
        [4, body.repeat(20), '\\N', ''],
      ];
      await client.query('CREATE TABLE docs (id int, title text, body text, note text)');
      for (const row of values) await client.query('INSERT INTO docs VALUES ($1, $2, $3, $4)', row);
      const rows = await allRows(copyOutRows(client, 'SELECT d.id::text, d.title, d.body, d.note FROM docs AS d ORDER BY d.id', { longText: true }));
      const kinds = rows.map((row) => row.map((v) => (v instanceof CopyText ? 'bytes' : v === null ? 'null' : 'text')));
      expect(kinds).toEqual([
        ['text', 'text', 'bytes', 'null'],
        ['text', 'text', 'text', 'bytes'],
        ['text', 'text', 'text', 'text'],
        ['text', 'bytes', 'text', 'text'],
      ]);
      expect(rows.map((row) => row.map((v) => (v instanceof CopyText ? v.toString() : v)))).toEqual(values.map((row) => row.map((v) => (typeof v === 'number' ? String(v) : v))));
      const [, , longBody] = rows[0] ?? [];
      expect(longBody instanceof CopyText && longBody.equals(body) && !longBody.equals(`${body} `)).toBe(true);
      // Longer than the shared scratch buffer (64 KB for 3 bytes a character): encoded apart.
      const [, longTitle] = rows[3] ?? [];
      expect(longTitle instanceof CopyText && longTitle.equals(body.repeat(20)) && !longTitle.equals(`${body.repeat(20).slice(0, -1)}.`)).toBe(true);
    });
  });

  it('streams many rows in batches, and leaves the connection usable when the reader stops early', async () => {
    await withClient(db.url, async (client) => {
      let batches = 0;
      let rows = 0;
      for await (const batch of copyOutRows(client, 'SELECT g, repeat($$r$$, 50) FROM generate_series(1, 200000) g')) {
        batches++;
        rows += batch.length;
      }
      expect(rows).toBe(200_000);
      expect(batches).toBeGreaterThan(10);
      for await (const batch of copyOutRows(client, 'SELECT g FROM generate_series(1, 200000) g')) {
        expect(batch[0]).toEqual(['1']);
        break;
      }
      const { rows: after } = await client.query<{ n: number }>('SELECT 42 AS n');
      expect(after).toEqual([{ n: 42 }]);
    });
  });

  it('fails on an error of the query, and the connection stays usable', async () => {
    await withClient(db.url, async (client) => {
      await expect(allRows(copyOutRows(client, 'SELECT 1 / (g - 5000) FROM generate_series(1, 10000) g'))).rejects.toThrow(/division by zero/);
      const { rows } = await client.query<{ n: number }>('SELECT 7 AS n');
      expect(rows).toEqual([{ n: 7 }]);
    });
  });
});
