/**
 * Gated on MSSQL_URL: large values from a live TDS server go through the CLI's copy and verify in
 * pieces (SUBSTRING ranges), binary and text, legacy LOB types included, under READ COMMITTED and
 * SNAPSHOT reads; a changed byte on the target is found. Values are made in this process and sent
 * as parameters (random bytes cannot be built portably in T-SQL: Babelfish adds varbinary values
 * as numbers).
 */
import { createCipheriv, createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mssql from 'mssql';
import { beforeAll, describe, expect, it } from 'vitest';
import { INLINE_VALUE_BYTES, PIECE_BYTES, PIECE_CHARACTERS } from '../../../src/copy/large-value.js';
import { runMigrate } from '../../support/cli.js';
import { hasMssql, useFixtureDatabase, withMssql } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

function randomBytes(length: number, seed: number): Buffer {
  return createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16)).update(Buffer.alloc(length));
}

/** Cyrillic prose with a surrogate pair on each side of the piece boundary, as SQL Server counts UTF-16 units. */
function longText(characters: number): string {
  const prose = 'Бюджет города на 2025 год: расходы на образование и культуру. ';
  const text = prose.repeat(Math.ceil(characters / prose.length)).slice(0, characters);
  return `${text.slice(0, PIECE_CHARACTERS - 1)}😀${text.slice(PIECE_CHARACTERS + 1, characters - 2)}😀`;
}

const md5 = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

describe.runIf(hasMssql)('large values from a live TDS server (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../fixtures/mssql/large-values.sql', import.meta.url));
  const content = randomBytes(2 * PIECE_BYTES + 12_345, 1);
  const body = longText(PIECE_CHARACTERS + 300_000);
  const guids = ['6f9619ff-8b86-d011-b42d-00c04fc964ff', '0e984725-c51c-4bf4-9960-e1c80e27aba0'];

  beforeAll(async () => {
    await withMssql(source.url, undefined, async (pool) => {
      const insert = (sql: string, inputs: [string, mssql.ISqlType | (() => mssql.ISqlType), unknown][]): Promise<unknown> => {
        const request = pool.request();
        for (const [name, type, value] of inputs) request.input(name, type, value);
        return request.query(sql);
      };
      const doc = 'INSERT dbo.doc (id, title, content, body, scan, memo) VALUES (@id, @title, @content, @body, CAST(@scan AS image), CAST(@memo AS ntext))';
      const types = (id: number, title: string, c: Buffer | null, b: string | null, s: Buffer | null, m: string | null): [string, mssql.ISqlType | (() => mssql.ISqlType), unknown][] => [
        ['id', mssql.Int, id],
        ['title', mssql.NVarChar(100), title],
        ['content', mssql.VarBinary(mssql.MAX), c],
        ['body', mssql.NVarChar(mssql.MAX), b],
        ['scan', mssql.VarBinary(mssql.MAX), s],
        ['memo', mssql.NVarChar(mssql.MAX), m],
      ];
      await insert(doc, types(1, 'Постановление № 1', content, body, randomBytes(INLINE_VALUE_BYTES + 1, 2), body.slice(0, INLINE_VALUE_BYTES)));
      await insert(doc, types(2, 'Письмо', Buffer.from('small'), 'короткий текст', null, null));
      await insert(doc, types(3, 'Пусто', null, null, Buffer.alloc(0), ''));
      await insert(doc, types(4, 'Exactly the inline limit', randomBytes(INLINE_VALUE_BYTES, 3), null, null, null));
      for (const [i, id] of guids.entries()) {
        await insert('INSERT dbo.guid_doc (id, content) VALUES (@id, @content)', [['id', mssql.UniqueIdentifier, id], ['content', mssql.VarBinary(mssql.MAX), randomBytes(INLINE_VALUE_BYTES * 3 + i, 10 + i)]]);
      }
      await insert("INSERT dbo.dated_doc (at, body) VALUES (CAST('2024-05-01T10:00:00.1234567' AS datetime2(7)), @body)", [['body', mssql.VarChar(mssql.MAX), 'ab'.repeat(INLINE_VALUE_BYTES)]]);
    });
  }, 300_000);

  for (const mode of ['read committed', 'snapshot'] as const) {
    describe(mode, () => {
      const target = useTestDatabase();

      it('copies every value exactly and verify finds the tables equal', { timeout: 600_000 }, async () => {
        const dir = mkdtempSync(join(tmpdir(), 'ms2pg-large-'));
        const steps = [
          ['introspect', '--source', source.url, '--out', join(dir, 'catalog.json')],
          ['plan', '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'plan')],
          ['apply', '--target', target.url, '--plan', join(dir, 'plan'), '--phase', 'pre-data'],
          ['copy', '--source', source.url, '--target', target.url, '--plan', join(dir, 'plan'), '--jobs', '2', ...(mode === 'snapshot' ? ['--snapshot'] : [])],
          ['verify', '--source', source.url, '--target', target.url, '--plan', join(dir, 'plan'), '--json'],
        ];
        for (const step of steps) {
          const run = await runMigrate(step);
          expect(run.code, `migrate ${step[0] ?? ''}: ${run.stderr}`).toBe(0);
        }
        await withClient(target.url, async (client) => {
          const { rows } = await client.query<{ id: number; content: string | null; n: number | null; body: string | null; scan: number | null; memo: string | null }>(
            'SELECT id, md5(content) AS content, octet_length(content) AS n, md5(body) AS body, octet_length(scan) AS scan, md5(memo) AS memo FROM dbo.doc ORDER BY id',
          );
          expect(rows[0]).toEqual({ id: 1, content: md5(content), n: content.length, body: md5(body), scan: INLINE_VALUE_BYTES + 1, memo: md5(body.slice(0, INLINE_VALUE_BYTES)) });
          expect(rows[1]).toMatchObject({ content: md5('small'), body: md5('короткий текст') });
          expect(rows[2]).toMatchObject({ content: null, body: null, scan: 0, memo: md5('') });
          const dated = await client.query<{ n: number }>('SELECT length(body) AS n FROM dbo.dated_doc');
          expect(dated.rows[0]?.n).toBe(2 * INLINE_VALUE_BYTES);
        });
      });

      it('verify finds a changed byte in a large value of each kind of key', { timeout: 600_000 }, async () => {
        await withClient(target.url, async (client) => {
          await client.query(`UPDATE dbo.doc SET content = overlay(content placing '\\xff'::bytea from ${PIECE_BYTES + 2} for 1) WHERE id = 1`);
          await client.query(`UPDATE dbo.guid_doc SET content = overlay(content placing '\\x00'::bytea from 7 for 1) WHERE id = '${guids[1] ?? ''}'`);
          await client.query("UPDATE dbo.dated_doc SET body = 'x' || body");
        });
        const dir = mkdtempSync(join(tmpdir(), 'ms2pg-large-'));
        await runMigrate(['introspect', '--source', source.url, '--out', join(dir, 'catalog.json')]);
        await runMigrate(['plan', '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'plan')]);
        const run = await runMigrate(['verify', '--source', source.url, '--target', target.url, '--plan', join(dir, 'plan'), '--json']);
        expect(run.code).toBe(1);
        const report = JSON.parse(run.stdout) as { tables: { table: string; status: string; examples: { key: Record<string, string>; columns?: { column: string }[] }[] }[] };
        const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t]));
        expect(byTable['dbo.doc']?.examples.map((e) => [e.key, e.columns?.map((c) => c.column)])).toEqual([[{ id: '1' }, ['content']]]);
        expect(byTable['dbo.guid_doc']?.examples.map((e) => e.columns?.map((c) => c.column))).toEqual([['content']]);
        expect(byTable['dbo.dated_doc']?.status).toBe('different');
      });
    });
  }
});
