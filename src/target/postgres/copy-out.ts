/**
 * Reads a query's rows with `COPY (query) TO STDOUT` in text format through pg-copy-streams: the rows
 * stream with the socket's backpressure (a query result would be held whole by pg), and the text
 * format is cheap to split. Values are text, NULL is null.
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

const NEWLINE = 0x0a;
const TAB = 0x09;
const BACKSLASH = 0x5c;
/** With `longText`, a line at least this long is split field by field, and a field at least LONG_FIELD_BYTES long without escapes becomes a CopyText. */
const LONG_LINE_BYTES = 1024;
const LONG_FIELD_BYTES = 256;

/** Where a source string is encoded to be compared with a CopyText; a longer one gets its own buffer, so no huge value stays held. */
const scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * A long text field of a COPY TO line, kept as its UTF-8 bytes: a string is compared with it by
 * encoding the string, not by decoding the field. V8 decodes non-ASCII UTF-8 at ~340 MB/s and
 * encodes it 4-5 times faster: on rows of ~5 KB of Cyrillic text, decoding was most of verify's
 * own time. `toString()` decodes (for a difference, a canonical form, a key).
 */
export class CopyText {
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** Whether `text` is exactly this field's text. */
  equals(text: string): boolean {
    const length = this.end - this.start;
    // A UTF-16 unit takes 1 to 3 bytes of UTF-8 (a surrogate pair 4 for 2 units).
    if (text.length > length || 3 * text.length < length) return false;
    // A lone surrogate has no UTF-8 form (it would be written as U+FFFD and could match one): not
    // decided here. Pairs are only sent the slow way too.
    if (SURROGATE.test(text)) return this.toString() === text;
    const into = 3 * text.length <= scratch.length ? scratch : Buffer.allocUnsafe(3 * text.length);
    const written = into.write(text, 0, 'utf8');
    return written === length && into.compare(this.bytes, this.start, this.end, 0, written) === 0;
  }

  toString(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** The escapes COPY TO writes in text format (it never writes octal or hex escapes). */
const ESCAPED: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  return field.includes('\\') ? field.replace(/\\(.)/gs, (_, c: string) => ESCAPED[c] ?? c) : field;
}

/**
 * Rows are parsed from the chunks as the consumer asks for them, this many at a time: parsed ahead
 * and left waiting for a slower source, they outlived young-generation collections and were
 * promoted (a verify worker spent a quarter of its time collecting them).
 */
const BATCH_ROWS = 64;

/** A long line field by field: long fields without escapes as CopyText, the others decoded. */
function splitLongLine(bytes: Buffer, start: number, end: number): (string | CopyText | null)[] {
  const row: (string | CopyText | null)[] = [];
  for (let from = start; ; ) {
    const tab = bytes.indexOf(TAB, from);
    const fieldEnd = tab < 0 || tab > end ? end : tab;
    row.push(fieldEnd - from >= LONG_FIELD_BYTES && !bytes.subarray(from, fieldEnd).includes(BACKSLASH) ? new CopyText(bytes, from, fieldEnd) : unescapeField(bytes.toString('utf8', from, fieldEnd)));
    if (fieldEnd === end) return row;
    from = fieldEnd + 1;
  }
}

/** Parses up to `limit` complete lines of `bytes` from `start` (lines end before `end`) into `rows`; returns where it stopped. */
function parseLines(bytes: Buffer, start: number, end: number, rows: (string | CopyText | null)[][], limit: number, longText: boolean): number {
  let lineStart = start;
  for (let n = 0; n < limit && lineStart < end; n++) {
    const lineEnd = bytes.indexOf(NEWLINE, lineStart);
    if (longText && lineEnd - lineStart >= LONG_LINE_BYTES) {
      rows.push(splitLongLine(bytes, lineStart, lineEnd));
    } else {
      const row: (string | null)[] = bytes.toString('utf8', lineStart, lineEnd).split('\t');
      for (let i = 0; i < row.length; i++) row[i] = unescapeField(row[i] ?? '');
      rows.push(row);
    }
    lineStart = lineEnd + 1;
  }
  return lineStart;
}

/**
 * The rows of `query` (a SELECT; it is not parameterised, so literals must be quoted by the caller),
 * in batches of up to BATCH_ROWS. If the consumer stops early, the rest is read and dropped so the
 * connection is left ready for the next statement. With `longText`, long text fields of long lines
 * come as CopyText (see there); otherwise every field is a string or null.
 */
export function copyOutRows(client: pg.ClientBase, query: string): AsyncGenerator<(string | null)[][]>;
export function copyOutRows(client: pg.ClientBase, query: string, options: { readonly longText: true }): AsyncGenerator<(string | CopyText | null)[][]>;
export async function* copyOutRows(client: pg.ClientBase, query: string, options?: { readonly longText: boolean }): AsyncGenerator<(string | CopyText | null)[][]> {
  const longText = options?.longText === true;
  const stream = client.query(copyTo(`COPY (${query}) TO STDOUT`));
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // The pieces of a row begun in earlier chunks (a row can span many: a long text, a large bytea).
  let partial: Buffer[] = [];
  let finished = false;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done === true) break;
      const chunk: Buffer = next.value;
      const lastNewline = chunk.lastIndexOf(NEWLINE);
      if (lastNewline < 0) {
        partial.push(chunk);
        continue;
      }
      let rows: (string | CopyText | null)[][] = [];
      let from = 0;
      if (partial.length > 0) {
        const firstNewline = chunk.indexOf(NEWLINE);
        const line = Buffer.concat([...partial, chunk.subarray(0, firstNewline + 1)]);
        parseLines(line, 0, line.length, rows, 1, longText);
        from = firstNewline + 1;
      }
      const end = lastNewline + 1;
      partial = end < chunk.length ? [chunk.subarray(end)] : [];
      while (from < end) {
        from = parseLines(chunk, from, end, rows, BATCH_ROWS - rows.length, longText);
        yield rows;
        rows = [];
      }
      if (rows.length > 0) yield rows;
    }
    if (partial.length > 0) throw new Error('COPY TO ended inside a row');
    finished = true;
  } finally {
    if (!finished) {
      // Stopped early: the server still sends the rest of the COPY; read it to the end.
      for (;;) {
        const rest = await chunks.next().catch(() => ({ done: true }) as const);
        if (rest.done === true) break;
      }
    }
  }
}
