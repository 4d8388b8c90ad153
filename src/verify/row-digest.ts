/**
 * An order-free digest of rows in their canonical forms (canonical.ts): the row count and, per
 * 32-bit word of each row's 128-bit hash (murmur.ts), the sum modulo 2^32. The export computes it from the rows as read
 * from the source and records it per chunk; `verify --from-files` computes it from the target's rows
 * of the same range, so a range is proven against the source, not only against the files. Sums of
 * chunks add up to the sum of their union, which tables ranged as a whole need.
 */
import type { PlanTable } from '../plan/plan-model.js';
import { LargeValue } from '../copy/large-value.js';
import { copiedColumns } from '../copy/row-source.js';
import { checksumSupported } from './checksum.js';
import { guarded, sourceCanonical, targetCanonical, type Canonical } from './canonical.js';
import { murmur128 } from './murmur.js';

/**
 * Names how digests are made (hash, field framing, canonical forms): recorded in the manifest, so a
 * verify only compares digests made the same way, never those of another version of ms2pg.
 */
export const ROW_DIGEST_ALGORITHM = 'murmur3-x86-128/length-prefixed/canonical-1';

export interface RowDigest {
  readonly rows: number;
  /** The four word sums, 32 hex digits. */
  readonly sum: string;
}

const WORDS = 4;

/**
 * Whether a table's rows can be digested alike on both sides: every column of a type whose
 * canonical form is defined on both (the types of the in-database checksums, citext, which keeps its
 * text as given, and money, compared as its decimal) and no large objects. A column that may hold
 * large values qualifies: a chunk where one is over the inline limit (read in pieces, never whole
 * in memory) gets no digest.
 */
export function digestable(table: PlanTable): boolean {
  return copiedColumns(table).every((c) => c.encoder !== 'large-object' && (checksumSupported(c) || c.target.type === 'money' || (c.encoder === 'text' && c.target.type === 'citext')));
}

/**
 * Each field after its length (NULL as `-`), so no two rows of fields make the same text; undefined
 * for a row holding a value read in pieces.
 */
function rowText(canonicals: readonly Canonical[], row: readonly unknown[]): string | undefined {
  let text = '';
  for (let i = 0; i < canonicals.length; i++) {
    const value = row[i];
    if (value instanceof LargeValue) return undefined;
    const field = canonicals[i]?.(value) ?? null;
    text += field === null ? '-' : `${String(field.length)}:${field}`;
  }
  return text;
}

/** A value the canonical forms cannot read, marked the same in every language (the forms that can fail, of numbers and times, never start with `!`). */
const unreadable = (text: string): string => `!${text}`;

export class RowDigester {
  private rows = 0;
  /** A large value was read in pieces: the rows cannot be digested whole. */
  private partial = false;
  private readonly words = new Uint32Array(WORDS);
  private readonly hash = new Uint32Array(WORDS);

  private constructor(private readonly canonicals: readonly Canonical[]) {}

  /** For rows as the source reader gives them. */
  static forSource(table: PlanTable): RowDigester {
    return new RowDigester(copiedColumns(table).map((c) => guarded(sourceCanonical(c.encoder, c.target.type), unreadable)));
  }

  /** For rows as `targetSelect` reads them. */
  static forTarget(table: PlanTable): RowDigester {
    return new RowDigester(copiedColumns(table).map((c) => guarded(targetCanonical(c.encoder, c.target.type), unreadable)));
  }

  add(row: readonly unknown[]): void {
    const text = this.partial ? undefined : rowText(this.canonicals, row);
    if (text === undefined) {
      this.partial = true;
      return;
    }
    murmur128(text, this.hash);
    for (let w = 0; w < WORDS; w++) this.words[w] = ((this.words[w] ?? 0) + (this.hash[w] ?? 0)) >>> 0;
    this.rows++;
  }

  /** The digest, or undefined when a row held a large value. */
  result(): RowDigest | undefined {
    return this.partial ? undefined : { rows: this.rows, sum: wordsHex(this.words) };
  }
}

function wordsHex(words: Uint32Array): string {
  return [...words].map((w) => w.toString(16).padStart(8, '0')).join('');
}

/** The digest of the union of the digested rows. */
export function addDigests(digests: readonly RowDigest[]): RowDigest {
  const words = new Uint32Array(WORDS);
  let rows = 0;
  for (const digest of digests) {
    rows += digest.rows;
    for (let w = 0; w < WORDS; w++) words[w] = ((words[w] ?? 0) + Number.parseInt(digest.sum.slice(w * 8, w * 8 + 8), 16)) >>> 0;
  }
  return { rows, sum: wordsHex(words) };
}

export const sameDigest = (a: RowDigest, b: RowDigest): boolean => a.rows === b.rows && a.sum === b.sum;
