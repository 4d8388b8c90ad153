/**
 * Columns whose values can be of any size: (n)varchar(max), varbinary(max) (FILESTREAM included),
 * text, ntext, image and xml. The copy reads their values over an inline limit in pieces and writes
 * them as they arrive; verify compares them by hashes of pieces. The plan records, per such column,
 * how its pieces are cut and the most bytes the target column can hold, so the limit is declared
 * before any data moves: bytea and text hold at most 1 GB, while varbinary(max) holds up to 2 GB
 * (and FILESTREAM more); `transform: large-object` has no such limit.
 */
import type { Column } from '../model/catalog.js';
import type { Transform } from '../mapping/rule-schema.js';
import { VALUE_MAX_BYTES } from '../target/postgres/encoders.js';
import type { PlanColumn } from './plan-model.js';
import { t } from '../i18n/index.js';

const BINARY = new Set(['varbinary', 'image']);
const CHARACTERS = new Set(['varchar', 'nvarchar', 'text', 'ntext', 'xml']);

/** The `large` entry of a planned column, or undefined for a column of bounded values. */
export function largeColumn(type: Column['type'], transform: Transform): PlanColumn['large'] {
  if (transform !== 'none' && transform !== 'large-object') return undefined;
  const unbounded = type.length === 'max' || ['text', 'ntext', 'image', 'xml'].includes(type.name);
  if (!unbounded) return undefined;
  if (BINARY.has(type.name)) return { pieces: 'bytes', limit: transform === 'large-object' ? null : VALUE_MAX_BYTES };
  return CHARACTERS.has(type.name) ? { pieces: 'characters', limit: VALUE_MAX_BYTES } : undefined;
}

/** Why a `transform: large-object` rule cannot apply to a column, or undefined when it can. */
export function largeObjectMismatch(type: Column['type'], targetType: string): string | undefined {
  if (!BINARY.has(type.name) && type.name !== 'binary') return t('issue.LARGE_OBJECT_MISMATCH.type', { type: type.name });
  if (targetType !== 'oid') return t('issue.LARGE_OBJECT_MISMATCH.target', { target: targetType });
  return undefined;
}
