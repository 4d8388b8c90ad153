/**
 * Every binary encoder against a real PostgreSQL: edge values go in through binary COPY and are read
 * back (as text, by PostgreSQL) equal to what was meant.
 */
import { describe, expect, it } from 'vitest';
import type { NulPolicy } from '../../../src/target/postgres/copy-binary.js';
import { copyRows, type RejectedRow } from '../../../src/target/postgres/copy-writer.js';
import { useTestDatabase, withClient } from '../../support/pg.js';

interface Case {
  readonly type: string;
  readonly encoder: string;
  /** [value as the reader delivers it, PostgreSQL's text of the stored value] */
  readonly values: readonly (readonly [unknown, string | null])[];
}

const TEN_MB = 'Ж'.repeat(5 * 1024 * 1024);

const CASES: readonly Case[] = [
  { type: 'boolean', encoder: 'bool', values: [[true, 'true'], [false, 'false'], [null, null]] },
  { type: 'smallint', encoder: 'int2', values: [[0, '0'], [255, '255'], [-32768, '-32768'], [32767, '32767']] },
  { type: 'integer', encoder: 'int4', values: [[-2147483648, '-2147483648'], [2147483647, '2147483647']] },
  { type: 'bigint', encoder: 'int8', values: [['-9223372036854775808', '-9223372036854775808'], ['9223372036854775807', '9223372036854775807'], ['9007199254740993', '9007199254740993']] },
  {
    type: 'numeric(38,10)',
    encoder: 'numeric',
    values: [
      ['0.0000000000', '0.0000000000'],
      ['-0.0000000001', '-0.0000000001'],
      ['9999999999999999999999999999.9999999999', '9999999999999999999999999999.9999999999'],
      ['-1234567890123456789.0123456789', '-1234567890123456789.0123456789'],
      ['10000.0000000000', '10000.0000000000'],
      ['.5', '0.5000000000'],
    ],
  },
  { type: 'numeric(19,4)', encoder: 'numeric', values: [['-922337203685477.5808', '-922337203685477.5808'], ['922337203685477.5807', '922337203685477.5807'], ['0.0001', '0.0001']] },
  { type: 'real', encoder: 'float4', values: [[3.4028234663852886e38, '3.4028235e+38'], [1.401298464324817e-45, '1e-45'], [-0, '-0']] },
  {
    type: 'double precision',
    encoder: 'float8',
    values: [[1.7976931348623157e308, '1.7976931348623157e+308'], [5e-324, '5e-324'], [-0, '-0'], [0.1, '0.1'], [2.2250738585072014e-308, '2.2250738585072014e-308']],
  },
  { type: 'date', encoder: 'date', values: [['0001-01-01', '0001-01-01'], ['9999-12-31', '9999-12-31'], ['2000-02-29', '2000-02-29'], ['1900-03-01', '1900-03-01']] },
  {
    type: 'timestamp(6)',
    encoder: 'timestamp',
    values: [
      ['0001-01-01 00:00:00.0000000', '0001-01-01 00:00:00'],
      ['9999-12-31 23:59:59.9999990', '9999-12-31 23:59:59.999999'],
      ['2024-02-29 12:34:56.1234565', '2024-02-29 12:34:56.123457'],
      ['2024-02-29 12:34:56.1234564', '2024-02-29 12:34:56.123456'],
      ['2024-12-31 23:59:59.9999995', '2025-01-01 00:00:00'],
      ['1999-12-31 23:59:59', '1999-12-31 23:59:59'],
    ],
  },
  { type: 'timestamp(3)', encoder: 'timestamp', values: [['1753-01-01 00:00:00.000', '1753-01-01 00:00:00'], ['2024-01-02 03:04:05.997', '2024-01-02 03:04:05.997']] },
  {
    type: 'timestamptz(6)',
    encoder: 'timestamptz',
    values: [
      ['2024-03-05T12:34:56.1234567+14:00', '2024-03-04 22:34:56.123457+00'],
      ['2024-03-05T12:34:56.1234567-14:00', '2024-03-06 02:34:56.123457+00'],
      ['2024-03-05T12:34:56Z', '2024-03-05 12:34:56+00'],
      ['0001-01-01T00:00:00.0000000+00:00', '0001-01-01 00:00:00+00'],
    ],
  },
  { type: 'time(6)', encoder: 'time', values: [['00:00:00', '00:00:00'], ['23:59:59.9999994', '23:59:59.999999'], ['12:00:00.0000005', '12:00:00.000001']] },
  { type: 'uuid', encoder: 'uuid', values: [['6F9619FF-8B86-D011-B42D-00C04FC964FF', '6f9619ff-8b86-d011-b42d-00c04fc964ff'], ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000']] },
  { type: 'bytea', encoder: 'bytea', values: [[Buffer.alloc(0), '\\x'], [Buffer.from([0, 255, 10]), '\\x00ff0a']] },
  {
    type: 'text',
    encoder: 'text',
    values: [
      ['', ''],
      [null, null],
      ['Привет, мир — Ελληνικά', 'Привет, мир — Ελληνικά'],
      ['😀 non-BMP 𝄞', '😀 non-BMP 𝄞'],
      ['tab\tnew\nline\\back', 'tab\tnew\nline\\back'],
    ],
  },
  { type: 'varchar(10)', encoder: 'text', values: [['Ёжик', 'Ёжик']] },
  { type: 'xml', encoder: 'xml', values: [['<a x="1">Дом</a>', '<a x="1">Дом</a>']] },
];

async function* rowsOf(values: readonly unknown[]): AsyncIterable<readonly (readonly unknown[])[]> {
  yield await Promise.resolve(values.map((value) => [value]));
}

describe('binary COPY encoders', () => {
  const db = useTestDatabase();

  async function roundTrip(type: string, encoder: string, values: readonly unknown[], nul: NulPolicy = 'reject') {
    return withClient(db.url, async (client) => {
      const table = `t_${Math.random().toString(36).slice(2, 10)}`;
      await client.query(`CREATE TABLE ${table} (n serial, v ${type})`);
      const rejected: RejectedRow[] = [];
      let nulChanged = 0;
      const result = await copyRows(client, { schema: 'public', name: table, columns: ['v'], encoders: [encoder] }, rowsOf(values), {
        nul,
        onNulChanged: () => nulChanged++,
        freeze: false,
        onReject: (r) => rejected.push(r),
      });
      const { rows } = await client.query<{ v: string | null }>(`SELECT v::text AS v FROM ${table} ORDER BY n`);
      return { stored: rows.map((r) => r.v), rejected, result, nulChanged };
    });
  }

  for (const { type, encoder, values } of CASES) {
    it(`${type} (${encoder})`, async () => {
      const { stored, result } = await roundTrip(type, encoder, values.map(([v]) => v));
      expect(stored).toEqual(values.map(([, text]) => text));
      expect(result.rows).toBe(values.length);
    });
  }

  it('empty string and NULL stay distinct', async () => {
    const { stored } = await roundTrip('text', 'text', ['', null]);
    expect(stored).toEqual(['', null]);
  });

  it('a 10 MB value arrives whole', async () => {
    const { stored } = await roundTrip('text', 'text', [TEN_MB]);
    expect(stored[0]?.length).toBe(TEN_MB.length);
    expect(stored[0] === TEN_MB).toBe(true);
  });

  it('rows over many slabs arrive intact (slabs are written again once the socket has sent them)', async () => {
    const values = Array.from({ length: 200_000 }, (_, i) => `${i}:${'αx'.repeat(i % 61)}`);
    const { stored } = await roundTrip('text', 'text', values);
    expect(stored.length).toBe(values.length);
    expect(stored.findIndex((v, i) => v !== values[i])).toBe(-1);
  });

  it('U+0000 follows the policy: reject the row, strip, or replace', async () => {
    const rejected = await roundTrip('text', 'text', ['ok', 'a\0b']);
    expect(rejected.stored).toEqual(['ok']);
    expect(rejected.rejected.map((r) => r.rejection.reason)).toEqual(['text contains U+0000, which PostgreSQL cannot store']);
    expect((await roundTrip('text', 'text', ['a\0b'], 'strip')).stored).toEqual(['ab']);
    const replaced = await roundTrip('text', 'text', ['a\0b'], 'replace');
    expect(replaced.stored).toEqual(['a\uFFFDb']);
    expect(replaced.nulChanged).toBe(1);
  });

  it('a lone surrogate or an out-of-range value is rejected, not silently changed', async () => {
    const text = await roundTrip('text', 'text', ['a\uD800b', 'fine']);
    expect(text.stored).toEqual(['fine']);
    expect(text.rejected[0]?.rejection.reason).toMatch(/lone UTF-16 surrogate/);
    const small = await roundTrip('smallint', 'int2', [40000, 1]);
    expect(small.stored).toEqual(['1']);
    expect(small.rejected[0]?.rejection.reason).toBe('integer out of range: 40000');
  });
});

describe('text COPY fallback (a type without a binary encoder)', () => {
  const db = useTestDatabase();

  it('loads money, escapes text and rounds temporal values as the binary path does', async () => {
    await withClient(db.url, async (client) => {
      await client.query("SET lc_monetary = 'C'");
      await client.query('CREATE TABLE t (m money, s text, ts timestamp(6), b boolean, n numeric(10,4))');
      const rows = [
        ['1234.5600', 'tab\there\nnew \\ line', '2024-02-29 12:34:56.1234565', true, '0.0001'],
        [null, null, null, false, null],
      ];
      async function* source(): AsyncIterable<readonly (readonly unknown[])[]> {
        yield await Promise.resolve(rows);
      }
      const result = await copyRows(client, { schema: 'public', name: 't', columns: ['m', 's', 'ts', 'b', 'n'], encoders: ['text-fallback', 'text', 'timestamp', 'bool', 'numeric'] }, source(), {
        nul: 'reject',
        onNulChanged: () => undefined,
        freeze: false,
        onReject: () => undefined,
      });
      expect(result.rows).toBe(2);
      const back = await client.query<{ m: string | null; s: string | null; ts: string | null; b: boolean; n: string | null }>('SELECT m::numeric::text AS m, s, ts::text AS ts, b, n::text AS n FROM t ORDER BY b DESC');
      expect(back.rows).toEqual([
        { m: '1234.56', s: 'tab\there\nnew \\ line', ts: '2024-02-29 12:34:56.123457', b: true, n: '0.0001' },
        { m: null, s: null, ts: null, b: false, n: null },
      ]);
    });
  });
});
