/**
 * Values of any size in constant memory. A column the plan marks `large` ((n)varchar(max),
 * varbinary(max), text, ntext, image, xml) is read with its row only up to INLINE_VALUE_BYTES; a
 * longer value arrives as a LargeValue: its length, and a way to read it in pieces. The copy writes
 * the pieces into the COPY stream as they arrive (binary COPY puts a field's length first, and the
 * length is known up front), and verify hashes them piece by piece on both sides.
 *
 * Pieces are read with SUBSTRING ranges, not through the driver: tedious holds a whole value (every
 * packet of it, then their concatenation) before it hands a row over, so one 256 MB value took a
 * reading process to 681 MB RSS; in 8 MB ranges, 150 MB, at 0.65-0.85 of the speed (docs/copy.md).
 */

/** Values up to this many bytes (DATALENGTH on the source) are read with their row. */
export const INLINE_VALUE_BYTES = 1024 * 1024;

/** A binary value is read and hashed in pieces of this many bytes. */
export const PIECE_BYTES = 8 * 1024 * 1024;

/** A text value is read in pieces of this many characters: 8 MB of UTF-16 on the wire. */
export const PIECE_CHARACTERS = 4 * 1024 * 1024;

/**
 * A value too long to travel with its row. `length` is the source's DATALENGTH (bytes as the
 * source stores them: UTF-16 for nvarchar on SQL Server). `pieces` reads the value from the start,
 * in order, binary as Buffers and text as strings (a string may end inside a surrogate pair); it
 * may be called more than once for the same row and reads the same value each time. Undefined where
 * the value is only compared, never read (verify's rows).
 */
export class LargeValue {
  constructor(
    readonly length: number,
    readonly pieces: (() => AsyncIterable<Buffer | string>) | undefined,
  ) {}

  toString(): string {
    return `(${this.length} bytes)`;
  }
}

const largeBatches = new WeakSet<object>();

/**
 * A batch of one row holding LargeValue fields: the copy writes it field by field, the large values
 * piece by piece, and reads the next batch only once the row is written (so the source may keep
 * the read of those pieces open, e.g. in a transaction, until then).
 */
export function largeRowBatch(row: readonly unknown[]): readonly (readonly unknown[])[] {
  const batch = [row];
  largeBatches.add(batch);
  return batch;
}

/** Whether a batch came from largeRowBatch (one check per batch: rows of bounded values never pay for large ones). */
export function isLargeRowBatch(batch: object): boolean {
  return largeBatches.has(batch);
}
