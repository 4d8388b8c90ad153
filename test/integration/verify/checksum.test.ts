/**
 * The canonical forms behind chunk checksums: PostgreSQL's spelling of each type gives the agreed
 * string, and the in-database checksum equals the same computation done here from those strings.
 * With MSSQL_URL, the T-SQL spelling is compared value by value on the live server.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPlanned } from '../../support/apply.js';
import { copiedColumns } from '../../../src/copy/row-source.js';
import { checksumSupported, pgCanonical, pgChecksumSql, tsqlCanonical } from '../../../src/verify/checksum.js';
import { goldenCases } from '../../support/golden.js';
import { syntheticPlan } from '../../support/synthetic.js';
import { MSSQL_URL, hasMssql, useFixtureDatabase, withMssql } from '../../support/mssql.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

const plan = goldenCases().find((c) => c.name === 'all-objects')?.plan;
if (plan === undefined) throw new Error('all-objects golden case missing');
const allTypes = plan.tables.find((t) => t.source.name === 'all_types')!;

/** One row, as PostgreSQL literals, and the canonical string every supported column must give. */
const ROW: Readonly<Record<string, readonly [string, string]>> = {
  id: ['7', '7'],
  c_bit: ['true', '1'],
  c_tinyint: ['255', '255'],
  c_smallint: ['-32768', '-32768'],
  c_int: ['-5', '-5'],
  c_bigint: ['9007199254740993', '9007199254740993'],
  c_decimal: ['-12345.6789012345', '-12345.6789012345'],
  c_numeric: ['0.5', '0.50'],
  c_money: ['922337203685477.5807', '922337203685477.5807'],
  c_smallmoney: ['-0.0001', '-0.0001'],
  c_float: ["'-0'", '8000000000000000'],
  c_real: ['1.5', '3FC00000'],
  c_date: ["'0001-01-01'", '0001-01-01'],
  c_datetime: ["'2024-02-29 12:34:56.997'", '2024-02-29 12:34:56.997'],
  c_smalldatetime: ["'2024-02-29 12:35:00'", '2024-02-29 12:35:00'],
  c_datetime2: ["'2024-02-29 12:34:56.123457'", '2024-02-29 12:34:56.123457'],
  c_datetime2_3: ["'2024-02-29 12:34:56.120'", '2024-02-29 12:34:56.120'],
  c_time: ["'23:59:59.999999'", '23:59:59.999999'],
  c_time_0: ["'08:00:00'", '08:00:00'],
  c_dto: ["'2024-03-05 12:34:56.1234567+14:00'", '2024-03-04 22:34:56.123457'],
  c_dto_3: ["'2024-03-05 00:00:00-01:00'", '2024-03-05 01:00:00.000'],
  c_char: ["'ab'", 'ab'],
  c_varchar: ["'Ёжик | в\\тумане'", 'Ёжик \\| в\\\\тумане'],
  c_varchar_max: ["''", ''],
  c_text: ['NULL', '\\N'],
  c_nchar: ["'x'", 'x'],
  c_nvarchar: ["'😀 𝄞'", '😀 𝄞'],
  c_nvarchar_max: ["'trailing  '", 'trailing  '],
  c_ntext: ["'Ελληνικά'", 'Ελληνικά'],
  c_binary: ["'\\x00ff'", '00FF'],
  c_varbinary: ["'\\x'", ''],
  c_varbinary_max: ['NULL', '\\N'],
  c_image: ["'\\x0a'", '0A'],
  c_guid: ["'6F9619FF-8B86-D011-B42D-00C04FC964FF'", '6f9619ff-8b86-d011-b42d-00c04fc964ff'],
  c_rowversion: ["'\\x0000000000000001'", '0000000000000001'],
  c_phone: ["'+7 495'", '+7 495'],
  c_sysname: ["'sa'", 'sa'],
};

describe('checksum canonical forms (real PostgreSQL)', () => {
  const db = useTestDatabase();
  const supported = copiedColumns(allTypes).filter(checksumSupported);

  it('every type but sql_variant, xml, hierarchyid and spatial has a checksum form', () => {
    expect(copiedColumns(allTypes).filter((c) => !checksumSupported(c)).map((c) => c.source.name)).toEqual(['c_xml', 'c_sql_variant', 'c_hierarchyid', 'c_geography', 'c_geometry']);
  });

  it('PostgreSQL writes the agreed canonical string for each type, and the in-database checksum matches', async () => {
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, plan, 'pre-data');
    await pool.end();
    await withClient(db.url, async (client) => {
      const columns = Object.keys(ROW).filter((name) => allTypes.columns.some((c) => c.target.name === name));
      await client.query(`INSERT INTO dbo.all_types (${columns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES (${columns.map((c) => ROW[c]?.[0] ?? 'NULL').join(', ')})`);
      const { rows } = await client.query<Record<string, string | null>>(
        `SELECT ${supported.map((c) => `CASE WHEN ${c.target.name} IS NULL THEN '\\N' ELSE ${pgCanonical(c)} END AS ${c.target.name}`).join(', ')} FROM dbo.all_types`,
      );
      const expected = Object.fromEntries(supported.map((c) => [c.target.name, ROW[c.target.name]?.[1] ?? '\\N']));
      const escaped = (text: string | null | undefined): string => (text === '\\N' ? text : (text ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|'));
      const actual = rows[0] ?? {};
      expect(Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, v === '\\N' ? v : escaped(v)]))).toEqual(
        Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, v === '\\N' || v.includes('\\\\') || v.includes('\\|') ? v : escaped(v)])),
      );

      // The same row text hashed here: MD5 of UTF-8, two signed 32-bit halves.
      const all = copiedColumns(allTypes);
      if (all.every(checksumSupported)) throw new Error('expected unsupported columns in all_types');
      const hashed = { ...allTypes, columns: allTypes.columns.filter((c) => !c.copied || checksumSupported(c)) };
      const text = copiedColumns(hashed).map((c) => expected[c.target.name] ?? '\\N').join('|');
      const digest = createHash('md5').update(text, 'utf8').digest();
      const sums = await client.query<{ count: string; high: string; low: string }>(pgChecksumSql(hashed, ''));
      // No value is over the inline limit: none is only marked (ChunkChecksum.large).
      expect(sums.rows[0]).toEqual({ count: '1', high: String(digest.readInt32BE(0)), low: String(digest.readInt32BE(4)), large: '0' });
    });
  });
});

describe.runIf(hasMssql)('checksum canonical forms in T-SQL (MSSQL_URL)', () => {
  const source = useFixtureDatabase(new URL('../../fixtures/mssql/all-objects.sql', import.meta.url));

  it('the live server writes the agreed canonical strings (differences listed per column)', async () => {
    const literal: Readonly<Record<string, string>> = {
      c_bit: '1', c_tinyint: '255', c_smallint: '-32768', c_bigint: '9007199254740993', c_decimal: '-12345.6789012345', c_numeric: '0.5',
      c_money: '922337203685477.5807', c_smallmoney: '-0.0001', c_real: '1.5', c_date: "'0001-01-01'", c_datetime: "'2024-02-29T12:34:56.997'",
      c_datetime2: "'2024-02-29T12:34:56.1234565'", c_datetime2_3: "'2024-02-29T12:34:56.120'", c_time: "'23:59:59.9999990'",
      c_dto: "'2024-03-05T12:34:56.1234567+14:00'", c_char: "'ab'", c_nvarchar: "N'😀 𝄞'", c_binary: '0x00FF', c_guid: "'6F9619FF-8B86-D011-B42D-00C04FC964FF'", c_phone: "'+7 495'",
    };
    const columns = Object.keys(literal);
    const babelfish = await withMssql(source.url, undefined, async (pool) => {
      await pool.request().batch(`INSERT INTO dbo.all_types (${columns.join(', ')}) VALUES (${columns.map((c) => literal[c] ?? 'NULL').join(', ')})`);
      const version = await pool.request().query<{ v: string }>('SELECT CAST(@@VERSION AS nvarchar(4000)) AS v');
      return /babelfish/i.test(version.recordset[0]?.v ?? '');
    });
    const checked = copiedColumns(allTypes).filter((c) => checksumSupported(c) && columns.includes(c.source.name));
    const actual = await withMssql(source.url, undefined, async (pool) => {
      const values: Record<string, string> = {};
      for (const c of checked) {
        try {
          const result = await pool.request().query<{ v: string }>(`SELECT ${tsqlCanonical(c)} AS v FROM dbo.all_types`);
          values[c.source.name] = result.recordset[0]?.v ?? '(null)';
        } catch (error) {
          values[c.source.name] = `(refused: ${(error as Error).message})`;
        }
      }
      return values;
    });
    const differing = checked.filter((c) => actual[c.source.name] !== ROW[c.target.name]?.[1]).map((c) => c.source.name);
    // SQL Server writes every agreed string; Babelfish spells some types its own way (its CONVERT
    // styles, float binary layout, ...), so its ranges fall back to the row comparison.
    if (babelfish) expect(differing).toEqual(['c_money', 'c_real', 'c_datetime2', 'c_datetime2_3', 'c_time', 'c_binary']);
    else expect(differing).toEqual([]);
    console.log(`T-SQL canonical forms differing on this server: ${differing.join(', ') || 'none'} (of ${checked.length}); server URL host ${new URL(MSSQL_URL ?? '').host}`);
  });
});

describe('checksum escaping under a case-insensitive collation', () => {
  const db = useTestDatabase();

  it('escapes only | and \\ themselves, not their look-alikes (the escaping runs under a binary collation)', async () => {
    const typed = syntheticPlan(10).tables.find((t) => t.source.name === 'typed')!;
    const pool = new pg.Pool({ connectionString: db.url });
    await applyPlanned(pool, syntheticPlan(10), 'pre-data');
    await pool.end();
    await withClient(db.url, async (client) => {
      // U+FF5C FULLWIDTH VERTICAL LINE equals | under the plan's und-u-ks-level2 collation.
      await client.query("INSERT INTO dbo.typed (id, label) VALUES (1, 'A\uFF5Cb|c\\d')");
      const sums = await client.query<{ count: string; high: string; low: string }>(pgChecksumSql(typed, ''));
      const digest = createHash('md5').update('1|\\N|\\N|A\uFF5Cb\\|c\\\\d', 'utf8').digest();
      expect(sums.rows[0]).toEqual({ count: '1', high: String(digest.readInt32BE(0)), low: String(digest.readInt32BE(4)), large: '0' });
      // A value over the inline limit is only marked in the row text, and counted: such a range is compared row by row.
      await client.query("INSERT INTO dbo.typed (id, blob) VALUES (2, decode(repeat('ab', 1048577), 'hex'))");
      const marked = await client.query<{ count: string; high: string; low: string; large: string }>(pgChecksumSql(typed, 'id = 2'));
      const markedDigest = createHash('md5').update('2|\\N|L|\\N', 'utf8').digest();
      expect(marked.rows[0]).toEqual({ count: '1', high: String(markedDigest.readInt32BE(0)), low: String(markedDigest.readInt32BE(4)), large: '1' });
    });
  });
});
