/**
 * PostgreSQL binary COPY encoding. A table gets one encoder per column, chosen once from the plan
 * (no per-value type dispatch); values are written straight into one reusable buffer that is handed
 * to the COPY stream in ~64 KB pieces. Values arrive as the plan's read expressions produce them:
 * exact numerics and temporal values as text, the rest in the driver's lossless native form.
 */

/** What a column encoder does with a value it cannot store exactly. */
export class RejectedValue extends Error {
  override readonly name = 'RejectedValue';
}

export type NulPolicy = 'reject' | 'strip' | 'replace';

export interface EncodeOptions {
  /** U+0000 cannot be stored in PostgreSQL text. */
  readonly nul: NulPolicy;
  /** Counts values changed under the NUL policy (strip/replace). */
  readonly onNulChanged: () => void;
}

type FieldWriter = (out: CopyBuffer, value: unknown) => void;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const POSTGRES_EPOCH_DAYS = 10957; // 2000-01-01 minus 1970-01-01
const MICROS_PER_DAY = 86_400_000_000n;

/** A growable output buffer with the COPY binary framing primitives. */
export class CopyBuffer {
  private buffer: Buffer;
  position = 0;

  constructor(initialSize = 1 << 17) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  ensure(bytes: number): void {
    if (this.position + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.position + bytes));
    this.buffer.copy(grown, 0, 0, this.position);
    this.buffer = grown;
  }

  int16(value: number): void {
    this.ensure(2);
    this.position = this.buffer.writeInt16BE(value, this.position);
  }

  int32(value: number): void {
    this.ensure(4);
    this.position = this.buffer.writeInt32BE(value, this.position);
  }

  /** A field: its 4-byte length, then `bytes` bytes written by `write`. */
  field(bytes: number, write: (buffer: Buffer, offset: number) => void): void {
    this.ensure(4 + bytes);
    this.buffer.writeInt32BE(bytes, this.position);
    write(this.buffer, this.position + 4);
    this.position += 4 + bytes;
  }

  null(): void {
    this.int32(-1);
  }

  /** A text field written in one pass: reserve the length, write UTF-8, patch the length. */
  utf8(text: string): void {
    this.ensure(4 + text.length * 3);
    const written = this.buffer.write(text, this.position + 4, 'utf8');
    this.buffer.writeInt32BE(written, this.position);
    this.position += 4 + written;
  }

  bytes(data: Uint8Array): void {
    this.ensure(4 + data.length);
    this.buffer.writeInt32BE(data.length, this.position);
    this.buffer.set(data, this.position + 4);
    this.position += 4 + data.length;
  }

  /** Hands out what was written and starts over (the returned view is copied, the buffer reused). */
  take(): Buffer {
    const out = Buffer.from(this.buffer.subarray(0, this.position));
    this.position = 0;
    return out;
  }

  static header(): Buffer {
    const header = Buffer.alloc(SIGNATURE.length + 8);
    SIGNATURE.copy(header);
    return header;
  }
}

// ---- scalar encoders

function expectString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  throw new RejectedValue(`expected ${what} as text, got ${typeof value}`);
}

const bool: FieldWriter = (out, value) => {
  const b = value === true || value === 1 || value === '1' ? 1 : value === false || value === 0 || value === '0' ? 0 : -1;
  if (b < 0) throw new RejectedValue(`not a boolean: ${String(value)}`);
  out.field(1, (buf, at) => buf.writeUInt8(b, at));
};

function integer(bytes: 2 | 4, min: number, max: number): FieldWriter {
  return (out, value) => {
    const n = typeof value === 'number' ? value : Number(expectString(value, 'an integer'));
    if (!Number.isInteger(n) || n < min || n > max) throw new RejectedValue(`integer out of range: ${String(value)}`);
    out.field(bytes, bytes === 2 ? (buf, at) => buf.writeInt16BE(n, at) : (buf, at) => buf.writeInt32BE(n, at));
  };
}

const int8: FieldWriter = (out, value) => {
  const text = typeof value === 'bigint' ? value : BigInt(expectString(value, 'a bigint'));
  out.field(8, (buf, at) => buf.writeBigInt64BE(text, at));
};

const float4: FieldWriter = (out, value) => {
  const n = typeof value === 'number' ? value : Number(expectString(value, 'a real'));
  out.field(4, (buf, at) => buf.writeFloatBE(n, at));
};

const float8: FieldWriter = (out, value) => {
  const n = typeof value === 'number' ? value : Number(expectString(value, 'a float'));
  out.field(8, (buf, at) => buf.writeDoubleBE(n, at));
};

/** numeric from exact decimal text (`-123.4500`): base-10000 digits, weight, sign, display scale. */
export function encodeNumericText(text: string): { weight: number; sign: number; dscale: number; digits: number[] } {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) throw new RejectedValue(`not a decimal number: ${text}`);
  const negative = match[1] === '-';
  const intPart = (match[2] ?? '').replace(/^0+/, '');
  const fracPart = match[3] ?? '';
  const dscale = fracPart.length;
  const intPadded = intPart.padStart(Math.ceil(intPart.length / 4) * 4, '0');
  const fracPadded = fracPart.padEnd(Math.ceil(fracPart.length / 4) * 4, '0');
  const groups: number[] = [];
  for (let i = 0; i < intPadded.length; i += 4) groups.push(Number(intPadded.slice(i, i + 4)));
  let weight = groups.length - 1;
  for (let i = 0; i < fracPadded.length; i += 4) groups.push(Number(fracPadded.slice(i, i + 4)));
  while (groups.length > 0 && groups[0] === 0) {
    groups.shift();
    weight--;
  }
  while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
  if (groups.length === 0) return { weight: 0, sign: 0, dscale, digits: [] };
  return { weight, sign: negative ? 0x4000 : 0, dscale, digits: groups };
}

const numeric: FieldWriter = (out, value) => {
  const n = encodeNumericText(expectString(value, 'a decimal'));
  out.field(8 + 2 * n.digits.length, (buf, at) => {
    buf.writeInt16BE(n.digits.length, at);
    buf.writeInt16BE(n.weight, at + 2);
    buf.writeUInt16BE(n.sign, at + 4);
    buf.writeInt16BE(n.dscale, at + 6);
    n.digits.forEach((d, i) => buf.writeInt16BE(d, at + 8 + 2 * i));
  });
};

/** Days from 1970-01-01 for a proleptic Gregorian date (valid for years 1..9999, unlike Date.UTC). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?/;

/** Microseconds from fractional-second digits, rounding a 7th digit half up (as SQL Server rounds). */
function fractionMicros(digits: string | undefined): number {
  if (digits === undefined) return 0;
  const micros = Number(digits.slice(0, 6).padEnd(6, '0'));
  return digits.length === 7 && digits.charCodeAt(6) >= 53 /* '5' */ ? micros + 1 : micros;
}

/** `hh:mm:ss[.fffffff]` -> microseconds of the day. */
export function parseTimeMicros(text: string): number {
  const m = TIME.exec(text);
  if (m === null) throw new RejectedValue(`not a time: ${text}`);
  return (Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])) * 1_000_000 + fractionMicros(m[4]);
}

/** `yyyy-mm-dd[ T]hh:mm:ss[.fffffff][Z|±hh:mm]` -> microseconds since 2000-01-01 (UTC when an offset is given). */
export function parseTimestampMicros(text: string): bigint {
  const d = DATE.exec(text);
  if (d === null) throw new RejectedValue(`not a timestamp: ${text}`);
  const rest = text.slice(11);
  const micros = parseTimeMicros(rest);
  const days = daysFromCivil(Number(d[1]), Number(d[2]), Number(d[3])) - POSTGRES_EPOCH_DAYS;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(rest);
  const offsetMinutes = offset === null ? 0 : (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]));
  return BigInt(days) * MICROS_PER_DAY + BigInt(micros) - BigInt(offsetMinutes) * 60_000_000n;
}

const date: FieldWriter = (out, value) => {
  const text = expectString(value, 'a date');
  const d = DATE.exec(text);
  if (d === null) throw new RejectedValue(`not a date: ${text}`);
  const days = daysFromCivil(Number(d[1]), Number(d[2]), Number(d[3])) - POSTGRES_EPOCH_DAYS;
  out.field(4, (buf, at) => buf.writeInt32BE(days, at));
};

const timestamp: FieldWriter = (out, value) => {
  const micros = parseTimestampMicros(expectString(value, 'a timestamp'));
  out.field(8, (buf, at) => buf.writeBigInt64BE(micros, at));
};

const time: FieldWriter = (out, value) => {
  const micros = parseTimeMicros(expectString(value, 'a time'));
  out.field(8, (buf, at) => buf.writeBigInt64BE(BigInt(micros), at));
};

const HEX = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const uuid: FieldWriter = (out, value) => {
  const text = expectString(value, 'a uuid');
  if (!HEX.test(text)) throw new RejectedValue(`not a uuid: ${text}`);
  out.field(16, (buf, at) => buf.write(text.replace(/-/g, ''), at, 16, 'hex'));
};

const bytea: FieldWriter = (out, value) => {
  if (!(value instanceof Uint8Array)) throw new RejectedValue(`expected binary data, got ${typeof value}`);
  out.bytes(value);
};

function text(options: EncodeOptions): FieldWriter {
  return (out, value) => {
    let s = typeof value === 'string' ? value : expectString(value, 'text');
    if (!s.isWellFormed()) throw new RejectedValue('text contains a lone UTF-16 surrogate (not representable in UTF-8)');
    if (s.includes('\0')) {
      if (options.nul === 'reject') throw new RejectedValue('text contains U+0000, which PostgreSQL cannot store');
      s = s.replace(/\0/g, options.nul === 'strip' ? '' : '\uFFFD');
      options.onNulChanged();
    }
    out.utf8(s);
  };
}

/** Builds the field writers of a table from the plan's encoder names, once per table. */
export function fieldWriters(encoders: readonly string[], options: EncodeOptions): FieldWriter[] {
  const textWriter = text(options);
  return encoders.map((name) => {
    switch (name) {
      case 'bool':
        return bool;
      case 'int2':
        return integer(2, -32768, 32767);
      case 'int4':
        return integer(4, -2147483648, 2147483647);
      case 'int8':
        return int8;
      case 'numeric':
        return numeric;
      case 'float4':
        return float4;
      case 'float8':
        return float8;
      case 'date':
        return date;
      case 'timestamp':
      case 'timestamptz':
        return timestamp;
      case 'time':
        return time;
      case 'uuid':
        return uuid;
      case 'bytea':
        return bytea;
      case 'text':
      case 'xml':
      case 'json':
        return textWriter;
      default:
        throw new Error(`no binary encoder for ${name}`);
    }
  });
}

export function hasBinaryEncoders(encoders: readonly string[]): boolean {
  return !encoders.includes('text-fallback');
}

export interface RowRejection {
  /** Index of the column whose value was refused. */
  readonly column: number;
  readonly reason: string;
}

/**
 * Appends one row; on a refused value the partial row is undone and the rejection returned,
 * so the caller can log it and go on.
 */
export function appendRow(out: CopyBuffer, writers: readonly FieldWriter[], row: readonly unknown[]): RowRejection | undefined {
  const start = out.position;
  out.int16(writers.length);
  for (const [i, write] of writers.entries()) {
    const value = row[i];
    if (value === null || value === undefined) {
      out.null();
      continue;
    }
    try {
      write(out, value);
    } catch (error) {
      if (!(error instanceof RejectedValue)) throw error;
      out.position = start;
      return { column: i, reason: error.message };
    }
  }
  return undefined;
}
