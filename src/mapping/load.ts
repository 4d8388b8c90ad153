/**
 * Loads mapping files: user files first, then the shipped defaults (first match wins). Every rule
 * remembers its file and line, and every validation error names them.
 */
import { createHash } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { MigrateError } from '../errors.js';
import { t } from '../i18n/index.js';
import { targetTemplateProblem } from './engine.js';
import { readTextFile } from '../text-file.js';
import { MappingFile, type CollationPolicy, type Rule } from './rule-schema.js';

export const DEFAULT_MAPPING_FILE = fileURLToPath(new URL('../../mappings/default.yaml', import.meta.url));

export interface RuleOrigin {
  /** Display path: `ms2pg:mappings/...` for shipped files, relative to the working directory otherwise. */
  readonly file: string;
  readonly line: number;
}

export interface LoadedRule {
  readonly rule: Rule;
  readonly origin: RuleOrigin;
  /** From the shipped default file, which covers every type and need not match anything. */
  readonly isDefault: boolean;
}

export interface NameSettings {
  readonly policy: 'preserve' | 'lower' | 'snake';
  readonly schemas: Readonly<Record<string, string>>;
  readonly objects: Readonly<Record<string, string>>;
  readonly columns: Readonly<Record<string, string>>;
}

export interface MappingSet {
  readonly rules: readonly LoadedRule[];
  readonly names: NameSettings;
  readonly collations: { readonly caseInsensitive: NonNullable<CollationPolicy['caseInsensitive']> };
  /** The files, in the order tried, with a digest so a plan records exactly what it used. */
  readonly files: readonly { file: string; sha256: string }[];
}

interface ParsedFile {
  readonly path: string;
  readonly display: string;
  readonly text: string;
  readonly content: MappingFile;
  readonly lineOf: (path: readonly PropertyKey[]) => number;
}

export function displayPath(path: string, cwd: string): string {
  const shipped = fileURLToPath(new URL('../../mappings/', import.meta.url));
  return path.startsWith(shipped) ? `ms2pg:mappings/${path.slice(shipped.length)}` : relative(cwd, path) || path;
}

/** Parses and validates one mapping file; collects every problem as `file:line: message`. */
export function parseMappingFile(path: string, cwd: string, problems: string[]): ParsedFile | undefined {
  const display = displayPath(path, cwd);
  let text: string;
  try {
    text = readTextFile(path, { code: 'MAPPING_INVALID', label: display });
  } catch (error) {
    if (!(error instanceof MigrateError)) throw error;
    problems.push(error.message);
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) problems.push(`${display}:${lineCounter.linePos(error.pos[0]).line}: ${error.message.split('\n')[0] ?? ''}`);
    return undefined;
  }
  const lineOf = (path: readonly PropertyKey[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node: unknown = doc.getIn(path.slice(0, depth) as (string | number)[], true);
      if (isNode(node) && node.range !== undefined && node.range !== null) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const parsed = MappingFile.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.length === 0 ? '' : ` (${issue.path.map(String).join('.')})`;
      problems.push(`${display}:${lineOf(issue.path)}: ${issue.message}${where}`);
    }
    return undefined;
  }
  const seen = new Map<string, number>();
  parsed.data.rules?.forEach((rule, i) => {
    const line = lineOf(['rules', i]);
    const first = seen.get(rule.id);
    if (first !== undefined) problems.push(`${display}:${line}: ${t('mappings.duplicateId', { id: rule.id, first })}`);
    else seen.set(rule.id, line);
    const target = targetTemplateProblem(rule.target);
    if (target !== undefined) problems.push(`${display}:${lineOf(['rules', i, 'target'])}: ${t('mappings.badTarget', { id: rule.id, target: rule.target, reason: target })}`);
  });
  return { path, display, text, content: parsed.data, lineOf };
}

/** User files (in the order given) before the shipped defaults. */
export function loadMappings(userFiles: readonly string[], cwd: string): MappingSet {
  const problems: string[] = [];
  const parsed = [...userFiles, DEFAULT_MAPPING_FILE].map((path) => parseMappingFile(path, cwd, problems));
  if (problems.length > 0) throw new MigrateError('MAPPING_INVALID', 'usage', problems.join('\n'));
  const files = parsed.filter((file): file is ParsedFile => file !== undefined);
  const first = <T>(pick: (file: MappingFile) => T | undefined, fallback: T): T => {
    for (const file of files) {
      const value = pick(file.content);
      if (value !== undefined) return value;
    }
    return fallback;
  };
  const merged = (pick: (file: MappingFile) => Record<string, string> | undefined): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const file of [...files].reverse()) Object.assign(out, pick(file.content));
    return out;
  };
  return {
    rules: files.flatMap((file) =>
      (file.content.rules ?? []).map((rule, i) => ({ rule, origin: { file: file.display, line: file.lineOf(['rules', i]) }, isDefault: file.path === DEFAULT_MAPPING_FILE })),
    ),
    names: {
      policy: first((f) => f.names?.policy, 'lower'),
      schemas: merged((f) => f.names?.schemas),
      objects: merged((f) => f.names?.objects),
      columns: merged((f) => f.names?.columns),
    },
    collations: { caseInsensitive: first((f) => f.collations?.caseInsensitive, 'auto') },
    files: files.map((file) => ({ file: file.display, sha256: createHash('sha256').update(file.text).digest('hex') })),
  };
}
