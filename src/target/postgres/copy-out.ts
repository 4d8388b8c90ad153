/**
 * Reads a query's rows with `COPY (query) TO STDOUT` in text format through pg-copy-streams: the rows
 * stream with the socket's backpressure (a query result would be held whole by pg), and the text
 * format is cheap to split. Values are text, NULL is null.
 */
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

const NEWLINE = 0x0a;

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

/** Parses up to `limit` complete lines of `bytes` from `start` (lines end before `end`) into `rows`; returns where it stopped. */
function parseLines(bytes: Buffer, start: number, end: number, rows: (string | null)[][], limit: number): number {
  let lineStart = start;
  for (let n = 0; n < limit && lineStart < end; n++) {
    const lineEnd = bytes.indexOf(NEWLINE, lineStart);
    const row: (string | null)[] = bytes.toString('utf8', lineStart, lineEnd).split('\t');
    for (let i = 0; i < row.length; i++) row[i] = unescapeField(row[i] ?? '');
    rows.push(row);
    lineStart = lineEnd + 1;
  }
  return lineStart;
}

/**
 * The rows of `query` (a SELECT; it is not parameterised, so literals must be quoted by the caller),
 * in batches of up to BATCH_ROWS. If the consumer stops early, the rest is read and dropped so the
 * connection is left ready for the next statement.
 */
export async function* copyOutRows(client: pg.ClientBase, query: string): AsyncGenerator<(string | null)[][]> {
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
      let rows: (string | null)[][] = [];
      let from = 0;
      if (partial.length > 0) {
        const firstNewline = chunk.indexOf(NEWLINE);
        const line = Buffer.concat([...partial, chunk.subarray(0, firstNewline + 1)]);
        parseLines(line, 0, line.length, rows, 1);
        from = firstNewline + 1;
      }
      const end = lastNewline + 1;
      partial = end < chunk.length ? [chunk.subarray(end)] : [];
      while (from < end) {
        from = parseLines(chunk, from, end, rows, BATCH_ROWS - rows.length);
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
