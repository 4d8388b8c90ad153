/**
 * Writing a row that holds large values (copy/large-value.ts) into a COPY stream: its other fields
 * as any row's, each large value as its pieces arrive, so no value is ever held whole. Binary COPY
 * puts a field's length before its bytes: a binary value's length is its source length; a text's
 * UTF-8 length is not known from the source (which counts UTF-16 or code-page bytes), so a text is
 * read twice, once to count and check it and once to write it. Nothing of the row is sent until
 * every field is known to be acceptable: once pieces are sent, a refusal could not be undone.
 */
import { LargeValue } from '../../copy/large-value.js';
import { t } from '../../i18n/index.js';
import { RejectedValue, fieldWriters, type CopyBuffer, type EncodeOptions, type FieldWriter, type RowRejection } from './copy-binary.js';
import { escapeText, textWriters, type TextWriter } from './copy-text.js';
import { VALUE_MAX_BYTES } from './encoders.js';

/**
 * How a table's rows are written: binary field writers, or text ones for a table in text COPY, and
 * the switch that keeps their NUL changes uncounted while a row with large values is only checked.
 */
export type RowFields = ({ readonly binary: true; readonly writers: readonly FieldWriter[] } | { readonly binary: false; readonly writers: readonly TextWriter[] }) & { readonly counting: { muted: boolean } };

export function rowFields(encoders: readonly string[], options: EncodeOptions, binary: boolean): RowFields {
  const counting = { muted: false };
  const writerOptions: EncodeOptions = {
    nul: options.nul,
    onNulChanged: () => {
      if (!counting.muted) options.onNulChanged();
    },
  };
  return binary ? { binary, writers: fieldWriters(encoders, writerOptions), counting } : { binary, writers: textWriters(encoders, writerOptions), counting };
}

/** Encoders whose large values are text (the rest are binary). */
const TEXT_ENCODERS = new Set(['text', 'xml', 'json', 'text-fallback']);

/**
 * The UTF-8 pieces of a text read in pieces, under the NUL policy; a lone surrogate is refused.
 * A surrogate pair split between two pieces is put back together first. `onNulChanged` is called
 * once for the value, however many pieces held U+0000.
 */
export async function* utf8Pieces(pieces: AsyncIterable<Buffer | string>, options: EncodeOptions, escape: boolean): AsyncIterable<Buffer> {
  let carry = '';
  let changed = false;
  for await (const piece of pieces) {
    let text = carry + (typeof piece === 'string' ? piece : piece.toString('utf8'));
    const last = text.charCodeAt(text.length - 1);
    carry = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (carry !== '') text = text.slice(0, -1);
    if (!text.isWellFormed()) throw new RejectedValue(t('reject.loneSurrogate'));
    if (text.includes('\0')) {
      if (options.nul === 'reject') throw new RejectedValue(t('reject.nul'));
      text = text.replace(/\0/g, options.nul === 'strip' ? '' : '\uFFFD');
      changed = true;
    }
    yield Buffer.from(escape ? escapeText(text) : text, 'utf8');
  }
  if (carry !== '') throw new RejectedValue(t('reject.loneSurrogate'));
  if (changed) options.onNulChanged();
}

const NO_NUL_COUNT: Pick<EncodeOptions, 'onNulChanged'> = { onNulChanged: () => undefined };

/** Bytes a text makes (and whether it is acceptable: this throws RejectedValue as writing it would). */
async function utf8Length(value: LargeValue, options: EncodeOptions, escape: boolean): Promise<number> {
  let bytes = 0;
  for await (const piece of utf8Pieces(readPieces(value), { ...options, ...NO_NUL_COUNT }, escape)) bytes += piece.length;
  return bytes;
}

function readPieces(value: LargeValue): AsyncIterable<Buffer | string> {
  if (value.pieces === undefined) throw new Error('a large value without a reader reached the copy');
  return value.pieces();
}

const HEX_PIECE = 4 * 1024 * 1024;

/** A binary value's pieces as text COPY's bytea input (`\\x` then hex, the backslash escaped). */
async function* hexPieces(value: LargeValue): AsyncIterable<Buffer> {
  yield Buffer.from('\\\\x', 'latin1');
  let sent = 0;
  for await (const piece of readPieces(value)) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    sent += bytes.length;
    for (let at = 0; at < bytes.length; at += HEX_PIECE) yield Buffer.from(bytes.subarray(at, at + HEX_PIECE).toString('hex'), 'latin1');
  }
  if (sent !== value.length) throw new Error(`a binary value of ${value.length} bytes gave ${sent}`);
}

/** A binary value's pieces, checked against its length (which binary COPY has already been told). */
async function* bytePieces(value: LargeValue): AsyncIterable<Buffer> {
  let sent = 0;
  for await (const piece of readPieces(value)) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    sent += bytes.length;
    if (sent > value.length) break;
    yield bytes;
  }
  if (sent !== value.length) throw new Error(`a binary value of ${value.length} bytes gave ${sent}`);
}

function refusal(column: number, error: unknown): RowRejection {
  if (error instanceof RejectedValue) return { column, reason: error.message };
  throw error;
}

/**
 * Writes `row` (which holds LargeValues) through `out` and `send`: `send` takes what `out` has
 * written and each piece, in order. Returns the refusal of a value nothing of the row was sent for.
 */
export async function writeLargeRow(
  out: CopyBuffer,
  row: readonly unknown[],
  fields: RowFields,
  encoders: readonly string[],
  options: EncodeOptions,
  send: (bytes: Buffer) => Promise<void>,
): Promise<RowRejection | undefined> {
  const { counting } = fields;
  // Every field checked first: the bounded ones encoded and undone, the texts counted.
  const start = out.mark();
  counting.muted = true;
  const lengths = new Map<number, number>();
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    try {
      if (value instanceof LargeValue) {
        const text = TEXT_ENCODERS.has(encoders[i] ?? '');
        const length = text ? await utf8Length(value, options, !fields.binary) : fields.binary ? value.length : 2 * value.length + 3;
        if (length > VALUE_MAX_BYTES) throw new RejectedValue(text ? t('reject.tooLargeText', { bytes: length }) : t('reject.tooLarge', { bytes: length }));
        lengths.set(i, length);
      } else if (value !== null && value !== undefined) {
        if (fields.binary) fields.writers[i]?.(out, value);
        else fields.writers[i]?.(value);
      }
    } catch (error) {
      out.rewind(start);
      counting.muted = false;
      return refusal(i, error);
    }
  }
  out.rewind(start);
  counting.muted = false;
  if (fields.binary) out.int16(row.length);
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    if (!fields.binary && i > 0) out.utf8Raw('\t');
    if (value === null || value === undefined) {
      if (fields.binary) out.null();
      else out.utf8Raw('\\N');
    } else if (value instanceof LargeValue) {
      const text = TEXT_ENCODERS.has(encoders[i] ?? '');
      if (fields.binary) out.int32(lengths.get(i) ?? 0);
      await send(out.take());
      const pieces = text ? utf8Pieces(readPieces(value), options, !fields.binary) : fields.binary ? bytePieces(value) : hexPieces(value);
      let sent = 0;
      for await (const piece of pieces) {
        sent += piece.length;
        await send(piece);
      }
      // A value that changed between the passes would break the stream's framing: fail the chunk.
      if (fields.binary && sent !== lengths.get(i)) throw new Error(`a value of ${lengths.get(i) ?? 0} bytes gave ${sent} when written`);
    } else if (fields.binary) {
      fields.writers[i]?.(out, value);
    } else {
      out.utf8Raw(escapeText(fields.writers[i]?.(value) ?? ''));
    }
  }
  if (!fields.binary) out.utf8Raw('\n');
  return undefined;
}
