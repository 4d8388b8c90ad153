/**
 * The identifier policy: how SQL Server names become PostgreSQL names. Folding (preserve, lower,
 * snake), user renames, and the 63-byte limit: longer names are cut at a character boundary and get
 * a short hash of the full name, so the result is deterministic and distinct.
 */
import { createHash } from 'node:crypto';
import type { NameSettings } from '../mapping/load.js';

export const MAX_IDENTIFIER_BYTES = 63;

/** PostgreSQL's system columns: no table column may have these names (case-sensitive, as identifiers are). */
export const SYSTEM_COLUMNS: ReadonlySet<string> = new Set(['tableoid', 'xmin', 'cmin', 'xmax', 'cmax', 'ctid']);

export function foldName(name: string, policy: NameSettings['policy']): string {
  switch (policy) {
    case 'preserve':
      return name;
    case 'lower':
      return name.toLowerCase();
    case 'snake': {
      const snake = name
        .replace(/(\p{Ll}|\p{N})(\p{Lu})/gu, '$1_$2')
        .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1_$2')
        .replace(/[^\p{L}\p{N}_]+/gu, '_')
        .replace(/_+/g, '_')
        .replace(/^_+|_+$/g, '')
        .toLowerCase();
      return snake === '' ? name.toLowerCase() : snake;
    }
  }
}

/** Cuts a name to 63 UTF-8 bytes, keeping it distinct with 8 hex digits of its SHA-256. */
export function fitIdentifier(name: string): string {
  if (Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES) return name;
  const suffix = `_${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 8)}`;
  let prefix = '';
  for (const ch of name) {
    if (Buffer.byteLength(prefix + ch, 'utf8') + suffix.length > MAX_IDENTIFIER_BYTES) break;
    prefix += ch;
  }
  return prefix + suffix;
}

export class NamePolicy {
  constructor(private readonly settings: NameSettings) {}

  get policy(): NameSettings['policy'] {
    return this.settings.policy;
  }

  schema(source: string): string {
    return this.settings.schemas[source] ?? fitIdentifier(foldName(source, this.settings.policy));
  }

  /** Tables, views, sequences: renamed by `schema.name`. */
  relation(schema: string, name: string): string {
    return this.settings.objects[`${schema}.${name}`] ?? fitIdentifier(foldName(name, this.settings.policy));
  }

  column(schema: string, table: string, column: string): string {
    return this.settings.columns[`${schema}.${table}.${column}`] ?? fitIdentifier(foldName(column, this.settings.policy));
  }

  /** Whether names.columns gives this column its name (a name the user chose is not changed again). */
  columnRenamed(schema: string, table: string, column: string): boolean {
    return Object.hasOwn(this.settings.columns, `${schema}.${table}.${column}`);
  }

  /** Constraints and indexes: folded like everything else, never renamed individually. */
  other(name: string): string {
    return fitIdentifier(foldName(name, this.settings.policy));
  }
}
