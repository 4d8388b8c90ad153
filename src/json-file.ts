/**
 * The reader for the JSON files later stages trust (plan.json, an export's manifest.json): a format
 * version checked before the schema, so an old or newer file says so instead of listing fields.
 */
import type { z } from 'zod';
import { MigrateError } from './errors.js';
import { t } from './i18n/index.js';
import { readTextFile } from './text-file.js';

export interface VersionedJsonRole {
  /** Prefix of the error codes: PLAN gives PLAN_UNREADABLE, PLAN_VERSION and PLAN_MALFORMED. */
  readonly codePrefix: string;
  readonly formatVersion: number;
  /** The message for a missing file. */
  readonly notFound: string;
}

export function readVersionedJson<T>(path: string, schema: z.ZodType<T>, role: VersionedJsonRole): T {
  const text = readTextFile(path, { code: `${role.codePrefix}_UNREADABLE`, notFound: role.notFound });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new MigrateError(`${role.codePrefix}_UNREADABLE`, 'usage', `${path}: ${(error as Error).message}`);
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== role.formatVersion) {
    throw new MigrateError(`${role.codePrefix}_VERSION`, 'usage', t('error.file.formatVersion', { file: path, version: JSON.stringify(version), supported: role.formatVersion }));
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new MigrateError(`${role.codePrefix}_MALFORMED`, 'usage', parsed.error.issues.slice(0, 10).map((i) => `${path}: $.${i.path.join('.')}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}
