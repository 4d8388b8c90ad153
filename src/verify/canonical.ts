/**
 * Canonical forms for comparing a source value with a target value, one definition per encoder,
 * built on the same parsers the copy's encoders use: two values are equal when the copy would have
 * written the one as the other (so declared losses, and only those, compare equal).
 *
 * Source values arrive as the plan's read expressions produce them; target values are read as the
 * text `targetSelect` asks PostgreSQL for.
 */
import { t } from '../i18n/index.js';
import { quoteIdent } from '../target/postgres/quote.js';
import { RejectedValue, daysFromCivil, encodeNumericText, parseTimeMicros, parseTimestampMicros } from '../target/postgres/copy-binary.js';

const FLOAT_BITS = new DataView(new ArrayBuffer(8));

function floatBits(value: number, single: boolean): string {
  if (single) FLOAT_BITS.setFloat32(0, value);
  else FLOAT_BITS.setFloat64(0, value);
  return single ? FLOAT_BITS.getUint32(0).toString(16) : FLOAT_BITS.getBigUint64(0).toString(16);
}

const scratch = new Int16Array(64);

/** Sign, weight, display scale and base-10000 digits: equal exactly when the copy writes the same numeric. */
function numericCanonical(text: string): string {
  const n = encodeNumericText(text, scratch);
  let out = `${n.sign}:${n.weight}:${n.dscale}:`;
  for (let i = 0; i < n.count; i++) out += i === 0 ? String(scratch[i]) : `,${String(scratch[i])}`;
  return out;
}

/** An integer's decimal text: a JS integer as is, anything else through BigInt (which also refuses non-integers). */
function integerCanonical(value: unknown, text: string): string {
  return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : BigInt(text.trim()).toString();
}

/** PostgreSQL money keeps the decimals of lc_monetary; two is assumed (the declared loss says so). */
const MONEY_SCALE = 2;

/** Decimal text rounded half away from zero to `scale` places, as numeric/money input does. */
function roundDecimalText(text: string, scale: number): string {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (match === null) throw new RejectedValue(t('reject.notDecimal', { value: text }));
  const fraction = (match[3] ?? '').padEnd(scale + 1, '0');
  let units = BigInt(`${match[2] === '' ? '0' : match[2]}${fraction.slice(0, scale)}`);
  if (Number(fraction.charAt(scale)) >= 5) units += 1n;
  const digits = units.toString().padStart(scale + 1, '0');
  return `${match[1] === '-' && units !== 0n ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/**
 * The expression to select a target column so that `canonical` can read it, in a session with
 * DateStyle ISO. Verify reads with COPY ... TO, which writes a column with its type's output
 * function: most columns are selected bare (a ::text cast would compute the same text, at a cost),
 * timestamps, dates and times included (ISO text; equal texts need no parsing, merge.ts). A time is
 * never formatted through a timestamp: 24:00:00, which time holds, would read as 00:00:00.
 */
export function targetSelect(column: string, encoder: string, targetType: string): string {
  const c = quoteIdent(column);
  if (targetType === 'money') return `${c}::numeric`;
  switch (encoder) {
    case 'timestamptz':
      // The timestamp's own ISO output: to_char's YYYY drops a year's BC.
      return `(${c} AT TIME ZONE 'UTC')`;
    case 'bytea':
      return `encode(${c}, 'hex')`;
    case 'bool':
      // Spelled out both ways: a CASE with ELSE would read NULL as '0'.
      return `CASE WHEN ${c} THEN '1' WHEN NOT ${c} THEN '0' END`;
    default:
      // char(n) loses its padding when read as text in PostgreSQL; the source side is trimmed alike.
      return targetType.startsWith("char(") ? `rtrim(${c})` : c;
  }
}

export type Canonical = (value: unknown) => string | null;

/**
 * PostgreSQL rounds a temporal value to its column's precision when it is stored (half away from
 * zero); the source side is rounded the same way, so a declared loss compares equal.
 */
function roundToPrecision(targetType: string): (micros: number | bigint) => string {
  const precision = /\((\d)\)/.exec(targetType)?.[1];
  const unit = precision === undefined ? 1n : 10n ** BigInt(6 - Number(precision));
  const unitNumber = Number(unit);
  return (micros) => {
    if (unit === 1n) return String(micros);
    // Half away from zero; in JS numbers while exact (the remainder of safe integers is), else BigInt.
    if (typeof micros === 'number' && Number.isSafeInteger(Math.abs(micros) + unitNumber)) {
      const magnitude = Math.abs(micros) + unitNumber / 2;
      const rounded = magnitude - (magnitude % unitNumber);
      return String(micros < 0 && rounded !== 0 ? -rounded : rounded);
    }
    const v = BigInt(micros);
    const half = unit / 2n;
    return (v >= 0n ? ((v + half) / unit) * unit : -((-v + half) / unit) * unit).toString();
  };
}

/** Canonical form of a source value (as read from SQL Server) for an encoder. */
export function sourceCanonical(encoder: string, targetType: string): Canonical {
  const text = (value: unknown): string => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : String(value));
  if (targetType === 'money') return (v) => numericCanonical(roundDecimalText(text(v), MONEY_SCALE));
  switch (encoder) {
    case 'bool':
      return (v) => (v === true || v === 1 || v === '1' ? '1' : '0');
    case 'int2':
    case 'int4':
    case 'int8':
      return (v) => integerCanonical(v, text(v));
    case 'numeric':
      return (v) => numericCanonical(text(v));
    case 'float4':
      return (v) => floatBits(Number(v), true);
    case 'float8':
      return (v) => floatBits(Number(v), false);
    case 'date':
      return (v) => text(v).slice(0, 10);
    case 'timestamp':
    case 'timestamptz': {
      const round = roundToPrecision(targetType);
      return (v) => round(parseTimestampMicros(text(v)));
    }
    case 'time': {
      const round = roundToPrecision(targetType);
      return (v) => round(parseTimeMicros(text(v)));
    }
    case 'uuid':
      return (v) => text(v).toLowerCase();
    case 'bytea':
      return (v) => text(v);
    default:
      return targetType.startsWith("char(") ? (v) => text(v).replace(/ +$/, '') : (v) => text(v);
  }
}

/**
 * Microseconds of a timestamp as PostgreSQL writes it (ISO DateStyle). Its years can leave the
 * four digits SQL Server's text has: 9999-12-31 23:59:59.9999999 rounds to 10000-01-01 00:00:00 in a
 * timestamp(6), and a year before 1 is written "0001-12-31 ... BC". Such a text is parsed at a
 * stand-in year (2000, a leap year) and moved by the days between the two.
 */
function pgTimestampMicros(text: string): number | bigint {
  const yearEnd = text.indexOf('-');
  const bc = text.endsWith(' BC');
  if (yearEnd === 4 && !bc) return parseTimestampMicros(text);
  const written = Number(text.slice(0, yearEnd));
  const year = bc ? 1 - written : written;
  const month = Number(text.slice(yearEnd + 1, yearEnd + 3));
  const day = Number(text.slice(yearEnd + 4, yearEnd + 6));
  const standIn = parseTimestampMicros(`2000${text.slice(yearEnd, bc ? -3 : undefined)}`);
  return BigInt(standIn) + BigInt(daysFromCivil(year, month, day) - daysFromCivil(2000, month, day)) * MICROS_PER_DAY;
}

const MICROS_PER_DAY = 86_400_000_000n;

/** Canonical form of a target value (as `targetSelect` reads it) for an encoder. */
export function targetCanonical(encoder: string, targetType: string): Canonical {
  if (targetType === 'money') return (v) => numericCanonical(String(v));
  switch (encoder) {
    case 'int2':
    case 'int4':
    case 'int8':
      // PostgreSQL writes integers canonically already (no sign for positives, no leading zeros).
      return (v) => String(v);
    case 'numeric':
      return (v) => numericCanonical(String(v));
    case 'float4':
      return (v) => floatBits(Number(v), true);
    case 'float8':
      return (v) => floatBits(Number(v), false);
    case 'timestamp':
    case 'timestamptz':
      return (v) => String(pgTimestampMicros(String(v)));
    case 'time':
      return (v) => String(parseTimeMicros(String(v)));
    default:
      return (v) => String(v);
  }
}

/**
 * Wraps a canonical function so a value it cannot read is a difference, not a crash: it reads as
 * `unreadable(text)`, by default a message for the report (digests pass a form that does not depend
 * on the language).
 */
export function guarded(canonical: Canonical, unreadable: (text: string) => string = (text) => t('verify.unreadable', { value: text.slice(0, 40) })): Canonical {
  return (value) => {
    if (value === null || value === undefined) return null;
    try {
      return canonical(value);
    } catch (error) {
      if (error instanceof RejectedValue || error instanceof SyntaxError || error instanceof RangeError) return unreadable(typeof value === 'string' ? value : JSON.stringify(value));
      throw error;
    }
  };
}
