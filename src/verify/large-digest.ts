/**
 * How verify compares a large value without holding it: by a digest both sides compute in pieces.
 * Binary values: the MD5 of every PIECE_BYTES-byte piece (SQL Server: HASHBYTES of SUBSTRING
 * ranges, 2016+ hashes any length; PostgreSQL: md5 of substring or lo_get ranges), so neither
 * database builds more than a piece. Text: the MD5 of the whole UTF-8 text, from pieces read into
 * this process, or computed by a server that can hash UTF-8 (PostgreSQL's md5(text); SQL Server
 * 2019+ through a _UTF8 collation): PostgreSQL cuts text by characters only by reading it from its
 * start (UTF-8 is multi-byte), so pieces of a text would cost a pass over the value each.
 */
import { createHash, type Hash } from 'node:crypto';
import { PIECE_BYTES } from '../copy/large-value.js';
import { CopyText } from '../target/postgres/copy-out.js';

/** `bytes`: the value's length in the target's representation (bytes; UTF-8 bytes for text). */
export interface ValueDigest {
  readonly bytes: number;
  readonly hashes: readonly string[];
}

export type LargeKind = 'bytes' | 'characters';

/** Hashes binary data in PIECE_BYTES pieces whatever the sizes of the buffers it is given. */
class PieceHasher {
  private readonly hashes: string[] = [];
  private hash: Hash | undefined;
  private inPiece = 0;
  private total = 0;

  update(data: Uint8Array): void {
    for (let at = 0; at < data.length; ) {
      this.hash ??= createHash('md5');
      const take = Math.min(PIECE_BYTES - this.inPiece, data.length - at);
      this.hash.update(data.subarray(at, at + take));
      this.inPiece += take;
      at += take;
      if (this.inPiece === PIECE_BYTES) this.finishPiece();
    }
    this.total += data.length;
  }

  private finishPiece(): void {
    if (this.hash !== undefined) this.hashes.push(this.hash.digest('hex'));
    this.hash = undefined;
    this.inPiece = 0;
  }

  digest(): ValueDigest {
    if (this.inPiece > 0) this.finishPiece();
    return { bytes: this.total, hashes: this.hashes };
  }
}

/** MD5 of the UTF-8 of a text given in pieces that may split a surrogate pair. */
class TextHasher {
  private readonly hash = createHash('md5');
  private carry = '';
  private total = 0;

  update(piece: string): void {
    let text = this.carry + piece;
    const last = text.charCodeAt(text.length - 1);
    this.carry = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (this.carry !== '') text = text.slice(0, -1);
    const bytes = Buffer.from(text, 'utf8');
    this.hash.update(bytes);
    this.total += bytes.length;
  }

  digest(): ValueDigest {
    // A text that ends in a lone high surrogate: hashed as Node writes it (U+FFFD), like any lone surrogate.
    const bytes = Buffer.from(this.carry, 'utf8');
    this.hash.update(bytes);
    return { bytes: this.total + bytes.length, hashes: [this.hash.digest('hex')] };
  }
}

/** The digest of a value read in pieces (Buffers for binary, strings for text). */
export async function digestPieces(pieces: AsyncIterable<Buffer | string>, kind: LargeKind): Promise<ValueDigest> {
  if (kind === 'bytes') {
    const hasher = new PieceHasher();
    for await (const piece of pieces) hasher.update(typeof piece === 'string' ? Buffer.from(piece, 'hex') : piece);
    return hasher.digest();
  }
  const hasher = new TextHasher();
  for await (const piece of pieces) hasher.update(typeof piece === 'string' ? piece : piece.toString('utf8'));
  return hasher.digest();
}

/**
 * The digest of a value held whole, as the comparison has it: binary as bytes or as the hex text
 * verify reads from PostgreSQL (and canonical forms use), text as a string or a CopyText.
 */
export function digestValue(value: unknown, kind: LargeKind): ValueDigest {
  const text = value instanceof CopyText ? value.toString() : value;
  if (kind === 'bytes') {
    const hasher = new PieceHasher();
    hasher.update(text instanceof Uint8Array ? text : Buffer.from(String(text), 'hex'));
    return hasher.digest();
  }
  const hasher = new TextHasher();
  hasher.update(String(text));
  return hasher.digest();
}

export function sameDigest(a: ValueDigest, b: ValueDigest): boolean {
  return a.bytes === b.bytes && a.hashes.length === b.hashes.length && a.hashes.every((h, i) => h === b.hashes[i]);
}

/** How a difference shows a large value: its length and, for the first piece that differs, where. */
export function describeDigest(digest: ValueDigest, other: ValueDigest, kind: LargeKind): string {
  const first = digest.hashes.findIndex((h, i) => h !== other.hashes[i]);
  const where = kind === 'bytes' && first >= 0 && digest.bytes === other.bytes ? `, differs from byte ${first * PIECE_BYTES}` : '';
  return `(${digest.bytes} bytes${kind === 'characters' ? ' of UTF-8' : ''}, md5 ${digest.hashes.length === 1 ? (digest.hashes[0] ?? '') : `of ${digest.hashes.length} pieces`}${where})`;
}
