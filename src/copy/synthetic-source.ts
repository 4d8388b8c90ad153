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
import { createCipheriv } from 'node:crypto';
import { digestPieces, digestValue, type ValueDigest } from '../verify/large-digest.js';
import { INLINE_VALUE_BYTES, LargeValue, PIECE_BYTES, PIECE_CHARACTERS, largeRowBatch } from './large-value.js';
import { copiedColumns, readAheadRows, type KeyRange, type ReadOptions, type RowBatch, type RowSource } from './row-source.js';

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

const LARGE_KEY = Buffer.alloc(16, 21);

/**
 * Piece `index` of a large value of row `id`: binary from an AES-CTR stream keyed by the row
 * (incompressible, like scanned documents), text as prose; `length` counts bytes as DATALENGTH does
 * (UTF-16 for text).
 */
function largePiece(id: number, length: number, kind: 'bytes' | 'characters', index: number): Buffer | string {
  if (kind === 'characters') {
    const characters = Math.floor(length / 2);
    const unit = `${id}. ${PROSE}`;
    const from = index * PIECE_CHARACTERS;
    const count = Math.min(PIECE_CHARACTERS, characters - from);
    const start = from % unit.length;
    return unit.repeat(Math.ceil((start + count) / unit.length)).slice(start, start + count);
  }
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(id, 8);
  // CTR counts 16-byte blocks: each piece starts its own count, so pieces are made independently.
  iv.writeUInt32BE((index * PIECE_BYTES) / 16, 12);
  return createCipheriv('aes-128-ctr', LARGE_KEY, iv).update(Buffer.alloc(Math.min(PIECE_BYTES, length - index * PIECE_BYTES)));
}

function pieceCount(length: number, kind: 'bytes' | 'characters'): number {
  return kind === 'bytes' ? Math.ceil(length / PIECE_BYTES) : Math.ceil(Math.floor(length / 2) / PIECE_CHARACTERS);
}

async function* largePieces(id: number, length: number, kind: 'bytes' | 'characters'): AsyncIterable<Buffer | string> {
  for (let index = 0; index < pieceCount(length, kind); index++) {
    // A real source waits for the network between pieces.
    await new Promise((resolve) => setImmediate(resolve));
    yield largePiece(id, length, kind, index);
  }
}

export interface SyntheticOptions {
  /** Throw after this many rows (fault tests). */
  readonly failAfterRows?: number;
  /** Put U+0000 into the text columns of every n-th row (reject tests). */
  readonly nulEvery?: number;
  /**
   * Sizes in bytes (as DATALENGTH counts them: UTF-16 for text) of the values of large columns in
   * rows 1, 2, ...: over INLINE_VALUE_BYTES a value comes as a LargeValue, as from SQL Server.
   */
  readonly largeValueBytes?: readonly number[];
}

export class SyntheticRowSource implements RowSource {
  /** Rows yielded so far (for tests that interrupt a copy). */
  produced = 0;

  constructor(private readonly options: SyntheticOptions = {}) {}

  /** A large column's value in row `id` when largeValueBytes sizes it; undefined otherwise. */
  private sized(id: number, column: PlanColumn, withPieces: boolean): LargeValue | Buffer | string | undefined {
    const length = this.options.largeValueBytes?.[id - 1];
    const kind = column.large?.pieces;
    if (length === undefined || kind === undefined) return undefined;
    if (length > INLINE_VALUE_BYTES) return new LargeValue(length, withPieces ? () => largePieces(id, length, kind) : undefined);
    const pieces = Array.from({ length: pieceCount(length, kind) }, (_, index) => largePiece(id, length, kind, index));
    return kind === 'bytes' ? Buffer.concat(pieces as Buffer[]) : pieces.join('');
  }

  async digest(table: PlanTable, column: number, key: readonly unknown[]): Promise<ValueDigest> {
    const planColumn = copiedColumns(table)[column];
    const kind = planColumn?.large?.pieces;
    if (planColumn === undefined || kind === undefined) throw new Error(`column ${column} of ${table.source.name} has no large values`);
    const id = Number(key[0]);
    const value = this.sized(id, planColumn, true) ?? generatorFor(planColumn, column)(id);
    return value instanceof LargeValue && value.pieces !== undefined ? digestPieces(value.pieces(), kind) : digestValue(value, kind);
  }

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

  async *read(table: PlanTable, range: KeyRange, options: ReadOptions = {}): AsyncIterable<RowBatch> {
    const columns = copiedColumns(table);
    const generators = this.valuesOf(table);
    const pieces = options.largeValues !== 'marked';
    const large = this.options.largeValueBytes === undefined ? [] : columns.flatMap((c, i) => (c.large === undefined ? [] : [i]));
    const textColumns = new Set(columns.flatMap((c, i) => (c.encoder === 'text' ? [i] : [])));
    const first = range.lower === undefined ? 1 : Number(range.lower[0]) + 1;
    const last = range.upper === undefined ? (table.rows ?? 0) : Number(range.upper[0]);
    const batchRows = readAheadRows(table, options.readAheadBytes);
    let batch: (readonly unknown[])[] = [];
    for (let id = first; id <= last; id++) {
      if (this.options.failAfterRows !== undefined && this.produced >= this.options.failAfterRows) {
        throw new Error(`synthetic source: injected failure after ${this.produced} rows`);
      }
      this.produced++;
      const row = generators.map((generate) => generate(id));
      let holdsLarge = false;
      for (const i of large) {
        const column = columns[i];
        const value = column === undefined ? undefined : this.sized(id, column, pieces);
        if (value === undefined) continue;
        row[i] = value;
        holdsLarge ||= value instanceof LargeValue;
      }
      if (holdsLarge && pieces) {
        // As the SQL Server reader gives it: a batch of its own, written piece by piece.
        if (batch.length > 0) yield batch;
        batch = [];
        yield largeRowBatch(row);
        continue;
      }
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
