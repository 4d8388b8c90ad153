import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LargeValue, PIECE_BYTES } from '../../../src/copy/large-value.js';
import { CopyBuffer, type EncodeOptions } from '../../../src/target/postgres/copy-binary.js';
import { rowFields, writeLargeRow } from '../../../src/target/postgres/copy-large.js';
import { describeDigest, digestPieces, digestValue, sameDigest } from '../../../src/verify/large-digest.js';

/** A LargeValue over fixed pieces, counting how often it was read. */
function large(pieces: readonly (Buffer | string)[], length: number): LargeValue & { reads: number } {
  const value = new LargeValue(length, async function* () {
    value.reads++;
    for (const piece of pieces) yield await Promise.resolve(piece);
  }) as LargeValue & { reads: number };
  value.reads = 0;
  return value;
}

function readPieces(value: LargeValue): AsyncIterable<Buffer | string> {
  if (value.pieces === undefined) throw new Error('no pieces');
  return value.pieces();
}

/** Writes a row and returns every byte sent, in order, and the refusal if any. */
async function write(row: readonly unknown[], encoders: readonly string[], options: Partial<EncodeOptions> = {}, binary = true) {
  let nulChanged = 0;
  const encode: EncodeOptions = { nul: 'reject', onNulChanged: () => nulChanged++, ...options };
  const out = new CopyBuffer(1024);
  const sent: Buffer[] = [];
  const rejection = await writeLargeRow(out, row, rowFields(encoders, encode, binary), encoders, encode, (bytes) => {
    sent.push(Buffer.from(bytes));
    return Promise.resolve();
  });
  sent.push(Buffer.from(out.take()));
  return { bytes: Buffer.concat(sent), rejection, nulChanged };
}

describe('a row with large values in binary COPY', () => {
  it('writes the row header, the bounded fields and each large value after its length, piece by piece', async () => {
    const content = large([Buffer.from([1, 2, 3]), Buffer.from([4, 5])], 5);
    const { bytes, rejection } = await write([7, content, null], ['int4', 'bytea', 'text']);
    expect(rejection).toBeUndefined();
    expect([...bytes]).toEqual([0, 3, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 5, 1, 2, 3, 4, 5, 0xff, 0xff, 0xff, 0xff]);
    expect(content.reads).toBe(1);
  });

  it('counts a text first (its UTF-8 length goes before it), then writes it: a surrogate pair split between pieces is joined', async () => {
    const text = large(['Бюджет \uD83D', '\uDE00!'], 20);
    const { bytes } = await write([text], ['text']);
    const expected = Buffer.from('Бюджет 😀!', 'utf8');
    expect(bytes.readInt32BE(2)).toBe(expected.length);
    expect(bytes.subarray(6)).toEqual(expected);
    expect(text.reads).toBe(2);
  });

  it('refuses a row before sending anything of it: a lone surrogate, U+0000 under reject, a bad bounded field', async () => {
    for (const [row, encoders, column, reason] of [
      [[large(['ok', '\uD83D'], 6)], ['text'], 0, /surrogate/],
      [[large(['a\0b'], 6)], ['text'], 0, /U\+0000/],
      [[large([Buffer.from('xy')], 2), 'not a number'], ['bytea', 'int4'], 1, /integer/],
    ] as const) {
      const { bytes, rejection } = await write(row, encoders);
      expect(rejection?.column).toBe(column);
      expect(rejection?.reason).toMatch(reason);
      expect(bytes.length).toBe(0);
    }
  });

  it('strips or replaces U+0000 in every piece, and counts the value once', async () => {
    const strip = await write([large(['a\0', 'b\0c'], 10)], ['text'], { nul: 'strip' });
    expect(strip.bytes.subarray(6).toString('utf8')).toBe('abc');
    expect(strip.nulChanged).toBe(1);
    const replace = await write([large(['\0'], 2), 'x\0'], ['text', 'text'], { nul: 'replace' });
    expect(replace.bytes.subarray(6, 9).toString('utf8')).toBe('\uFFFD');
    expect(replace.nulChanged).toBe(2);
  });

  it('fails (rather than breaking the stream) when a binary value gives other than its length', async () => {
    await expect(write([large([Buffer.from('abc')], 4)], ['bytea'])).rejects.toThrow(/4 bytes gave 3/);
  });

  it('refuses a value over PostgreSQL\'s 1 GB, naming the large-object option', async () => {
    const { rejection } = await write([large([], 2 ** 31 - 1)], ['bytea']);
    expect(rejection?.reason).toMatch(/at most 1 GB.*large-object/);
  });
});

describe('a row with large values in text COPY', () => {
  it('writes binary as escaped hex and text escaped, tab-separated, newline-ended', async () => {
    const { bytes } = await write([large([Buffer.from([0xab]), Buffer.from([0x01])], 2), large(['a\tb\\', 'c'], 8), null], ['bytea', 'text', 'text'], {}, false);
    expect(bytes.toString('utf8')).toBe('\\\\xab01\ta\\tb\\\\c\t\\N\n');
  });
});

describe('digests of large values', () => {
  it('hashes binary data in PIECE_BYTES pieces, whatever the buffers it arrives in', async () => {
    const data = Buffer.alloc(PIECE_BYTES + 10, 7);
    const pieces = [data.subarray(0, 3), data.subarray(3, PIECE_BYTES + 1), data.subarray(PIECE_BYTES + 1)];
    const digest = await digestPieces(readPieces(large(pieces, data.length)), 'bytes');
    const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');
    expect(digest).toEqual({ bytes: data.length, hashes: [md5(data.subarray(0, PIECE_BYTES)), md5(data.subarray(PIECE_BYTES))] });
    // The same value held whole, or as hex text (as verify reads bytea), digests alike.
    expect(sameDigest(digestValue(data, 'bytes'), digest)).toBe(true);
    expect(sameDigest(digestValue(data.toString('hex'), 'bytes'), digest)).toBe(true);
    expect(digestValue(Buffer.alloc(0), 'bytes')).toEqual({ bytes: 0, hashes: [] });
  });

  it('hashes a text as its whole UTF-8, pieces split inside a surrogate pair or not', async () => {
    const text = 'бюджет 😀 бюджета';
    const split = await digestPieces(readPieces(large(['бюджет \uD83D', '\uDE00 бюджета'], 0)), 'characters');
    expect(split).toEqual({ bytes: Buffer.byteLength(text), hashes: [createHash('md5').update(text).digest('hex')] });
    expect(sameDigest(split, digestValue(text, 'characters'))).toBe(true);
    expect(sameDigest(split, digestValue(`${text}.`, 'characters'))).toBe(false);
  });

  it('says where two binary values of the same length first differ', () => {
    const a = Buffer.alloc(2 * PIECE_BYTES, 1);
    const b = Buffer.from(a);
    b[PIECE_BYTES + 3] = 2;
    expect(describeDigest(digestValue(b, 'bytes'), digestValue(a, 'bytes'), 'bytes')).toBe(`(${2 * PIECE_BYTES} bytes, md5 of 2 pieces, differs from byte ${PIECE_BYTES})`);
  });
});
