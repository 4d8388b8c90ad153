/**
 * A deterministic in-process row source for pipeline tests and the synthetic benchmark: table rows
 * are a pure function of an integer key 1..rows, produced in the shapes the SQL Server reader
 * delivers (exact numerics and temporal values as text, binary as Buffer).
 *
 * The key, long text and binary values are made per row; the other columns repeat with a period
 * of POOL_SIZE rows and are taken from values made once per table, so the benchmark measures the
 * encoders and the writer (a real source's decoding cost is measured apart, by the live benchmark's
 * source bound).
 */
import type { PlanColumn, PlanTable } from '../plan/plan-model.js';
import { copiedColumns, readAheadRows, type KeyRange, type RowBatch, type RowSource } from './row-source.js';

/** Rows 1..POOL_SIZE get the generators' own values; later rows repeat them (a multiple of the NULL and blob periods 10 and 500). */
const POOL_SIZE = 12_600;

type Generator = (id: number) => unknown;

const CYRILLIC = ['Иванов', 'Петрова', 'Сидоренко', 'Ελένη', 'Smith', 'Ёлкин'];

const PROSE = 'Съешь же ещё этих мягких французских булок, да выпей же чаю. ';

/** The declared length of a source type such as `nvarchar(50)`: a number, 'max', or undefined. */
function declaredLength(type: string): number | 'max' | undefined {
  const match = /\((\d+|max)\)$/i.exec(type);
  if (match === null) return undefined;
  return match[1]?.toLowerCase() === 'max' ? 'max' : Number(match[1]);
}

function generatorFor(column: PlanColumn, index: number): Generator {
  const length = declaredLength(column.source.type);
  switch (column.encoder) {
    case 'bool':
      return (id) => id % 3 === 0;
    case 'int2':
      return (id) => id % 30000;
    case 'int4':
      return (id) => (index === 0 ? id : (id * 7919) % 2147483647);
    case 'int8':
      // Text, as the reader delivers bigint. Not String(id): V8 keeps recent number strings in a
      // cache, so a key made per row outlived scavenges and was promoted (a 10,000,000-row copy of
      // dbo.narrow peaked at 258 MB RSS, workers' old space 68 MB each; through BigInt, 188 MB, 27 MB).
      return (id) => BigInt(id).toString();
    case 'numeric': {
      // As SQL Server sends it: exactly the declared scale (money: 4).
      const scale = /money/i.test(column.source.type) ? 4 : Number(/,\s*(\d+)\)$/.exec(column.source.type)?.[1] ?? '0');
      const fraction = (id: number): string => (scale === 0 ? '' : `.${String(id % 10 ** Math.min(scale, 4)).padStart(Math.min(scale, 4), '0').padEnd(scale, '0')}`);
      return (id) => (id % 10 === 0 ? null : `${Math.floor(id / 7)}${fraction(id)}`);
    }
    case 'float4':
      return (id) => Math.fround(id / 3);
    case 'float8':
      return (id) => id / 7;
    case 'date':
      return (id) => `20${String(10 + (id % 15)).padStart(2, '0')}-0${1 + (id % 9)}-1${id % 10}`;
    case 'timestamp': {
      // The reader's text has the declared fractional digits: datetime2(n) n, datetime 3 (read as datetime2(3)), smalldatetime 0.
      const digits = /^datetime2\((\d)\)$/.exec(column.source.type)?.[1] ?? (column.source.type === 'datetime' ? '3' : column.source.type === 'smalldatetime' ? '0' : '7');
      const n = Number(digits);
      return (id) => `2024-01-${String(1 + (id % 28)).padStart(2, '0')} 12:${String(id % 60).padStart(2, '0')}:00${n === 0 ? '' : `.${String(id % 10 ** n).padStart(n, '0')}`}`;
    }
    case 'timestamptz':
      return (id) => `2024-01-${String(1 + (id % 28)).padStart(2, '0')} 12:00:00.123 +0${id % 10}:00`;
    case 'time':
      return (id) => `${String(id % 24).padStart(2, '0')}:30:00.1234567`;
    case 'uuid':
      return (id) => `00000000-0000-4000-8000-${id.toString(16).padStart(12, '0')}`;
    case 'bytea':
      // varbinary(n): n bytes. varbinary(max): every 500th value is a 1 MB blob, the rest a few bytes.
      if (typeof length === 'number') return (id) => Buffer.alloc(length, `${id}:`);
      return (id) => (id % 500 === 0 ? Buffer.alloc(1 << 20, id & 0xff) : Buffer.from([id & 0xff, (id >> 8) & 0xff, 0, 255]));
    default:
      // (max): about 2,000 characters of Cyrillic prose; otherwise a name, cut to the declared length.
      if (length === 'max') return (id) => `${id}. ${PROSE.repeat(32)}`;
      return (id) => `${CYRILLIC[id % CYRILLIC.length] ?? ''} ${id}`.slice(0, length);
  }
}

export class SyntheticRowSource implements RowSource {
  /** Rows yielded so far (for tests that interrupt a copy). */
  produced = 0;

  constructor(
    private readonly options: {
      /** Throw after this many rows (fault tests). */
      readonly failAfterRows?: number;
      /** Put U+0000 into the text columns of every n-th row (reject tests). */
      readonly nulEvery?: number;
    } = {},
  ) {}

  boundaries(table: PlanTable, rowsPerChunk: number): Promise<string[][]> {
    const rows = table.rows ?? 0;
    const bounds: string[][] = [];
    for (let k = rowsPerChunk; k < rows; k += rowsPerChunk) bounds.push([String(k)]);
    return Promise.resolve(bounds);
  }

  count(table: PlanTable): Promise<number> {
    return Promise.resolve(table.rows ?? 0);
  }

  private readonly pools = new Map<string, ((id: number) => unknown)[]>();

  /** Per column: the key and binary values made per row, the others looked up in a pool made once per table. */
  private valuesOf(table: PlanTable): ((id: number) => unknown)[] {
    const key = `${table.target.schema}.${table.target.name}`;
    let values = this.pools.get(key);
    if (values === undefined) {
      const size = Math.min(POOL_SIZE, Math.max(1, table.rows ?? 0));
      values = copiedColumns(table).map((c, i) => {
        const generate = generatorFor(c, i);
        // Long text and binary are made per row, as a driver delivers them: pooled, 12,600 values of
        // 2,000 characters would hold 50 MB per worker for the whole copy.
        if (i === 0 || c.encoder === 'bytea' || declaredLength(c.source.type) === 'max') return generate;
        const pool = Array.from({ length: size }, (_, k) => generate(k + 1));
        return (id: number) => pool[(id - 1) % size];
      });
      this.pools.set(key, values);
    }
    return values;
  }

  async *read(table: PlanTable, range: KeyRange, readAheadBytes?: number): AsyncIterable<RowBatch> {
    const columns = copiedColumns(table);
    const generators = this.valuesOf(table);
    const textColumns = new Set(columns.flatMap((c, i) => (c.encoder === 'text' ? [i] : [])));
    const first = range.lower === undefined ? 1 : Number(range.lower[0]) + 1;
    const last = range.upper === undefined ? (table.rows ?? 0) : Number(range.upper[0]);
    const batchRows = readAheadRows(table, readAheadBytes);
    let batch: (readonly unknown[])[] = [];
    for (let id = first; id <= last; id++) {
      if (this.options.failAfterRows !== undefined && this.produced >= this.options.failAfterRows) {
        throw new Error(`synthetic source: injected failure after ${this.produced} rows`);
      }
      this.produced++;
      const row = generators.map((generate) => generate(id));
      const nulEvery = this.options.nulEvery;
      batch.push(nulEvery !== undefined && id % nulEvery === 0 ? row.map((v, i) => (textColumns.has(i) ? `${String(v)}\0` : v)) : row);
      if (batch.length === batchRows) {
        // Yield to the event loop between batches, as a network source would.
        await new Promise((resolve) => setImmediate(resolve));
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
