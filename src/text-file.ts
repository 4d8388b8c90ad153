/**
 * The one reader for files a person writes or edits (catalog, mappings, config, plan): UTF-8, with a
 * byte-order mark accepted (Windows editors add one); anything else is refused with the file and the
 * byte offset, because a cp1251 file decoded leniently turns names into garbage without a word.
 */
import { readFileSync } from 'node:fs';
import { MigrateError } from './errors.js';
import { t } from './i18n/index.js';

export interface TextFileRole {
  /** Error code for a file that cannot be read, e.g. CATALOG_UNREADABLE. */
  readonly code: string;
  /** How the file is named in messages (default: its path). */
  readonly label?: string;
  /** The message for a missing file (default: "file not found"). */
  readonly notFound?: string;
}

/** Reads a UTF-8 text file; a missing, unreadable or non-UTF-8 file is a usage error naming it. */
export function readTextFile(path: string, role: TextFileRole): string {
  const label = role.label ?? path;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? (role.notFound ?? t('error.file.notFound')) : (error as Error).message;
    throw new MigrateError(role.code, 'usage', `${label}: ${reason}`);
  }
  return decodeUtf8(bytes, label, role.code);
}

// ignoreBOM false (the default) drops a leading byte-order mark and keeps any later U+FEFF.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Uint8Array, label: string, code = 'FILE_NOT_UTF8'): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    throw new MigrateError(code, 'usage', t('error.file.notUtf8', { file: label, offset, line }), { hint: t('hint.file.notUtf8') });
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const at = (i: number): number => bytes[i] ?? -1;
  const continuation = (i: number, low = 0x80, high = 0xbf): boolean => at(i) >= low && at(i) <= high;
  let i = 0;
  while (i < bytes.length) {
    const b = at(i);
    let length: number;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = continuation(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      // E0 needs A0..BF (no overlong forms); ED needs 80..9F (no surrogates).
      const second = b === 0xe0 ? continuation(i + 1, 0xa0) : b === 0xed ? continuation(i + 1, 0x80, 0x9f) : continuation(i + 1);
      length = second && continuation(i + 2) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      // F0 needs 90..BF (no overlong forms); F4 needs 80..8F (nothing beyond U+10FFFF).
      const second = b === 0xf0 ? continuation(i + 1, 0x90) : b === 0xf4 ? continuation(i + 1, 0x80, 0x8f) : continuation(i + 1);
      length = second && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
    } else length = 0;
    if (length === 0) return i;
    i += length;
  }
  return bytes.length;
}
