/**
 * Include/exclude patterns for objects. A pattern with a dot matches `schema.object`; a pattern
 * without one matches either the schema name or the object name. Globs: `*`, `?`, `[abc]`.
 * Matching ignores case, as SQL Server's default collations do.
 */
export interface ObjectFilter {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

interface CompiledPattern {
  readonly qualified: boolean;
  readonly regex: RegExp;
}

function compile(pattern: string): CompiledPattern {
  return { qualified: pattern.includes('.'), regex: globToRegExp(pattern) };
}

/** `*`, `?`, `[abc]`, `[!abc]`; everything else literal; whole-string and case-insensitive. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'iu');
}

export class ObjectMatcher {
  private readonly include: readonly CompiledPattern[];
  private readonly exclude: readonly CompiledPattern[];

  constructor(filter: ObjectFilter) {
    this.include = filter.include.map(compile);
    this.exclude = filter.exclude.map(compile);
  }

  /** Is `schema.name` in the catalog? */
  keeps(schema: string, name: string): boolean {
    const hit = (p: CompiledPattern): boolean => (p.qualified ? p.regex.test(`${schema}.${name}`) : p.regex.test(schema) || p.regex.test(name));
    return (this.include.length === 0 || this.include.some(hit)) && !this.exclude.some(hit);
  }

  /** Is the schema itself (its comment, its existence) in the catalog, objects aside? */
  keepsSchema(schema: string): boolean {
    const named = (p: CompiledPattern): boolean => !p.qualified && p.regex.test(schema);
    return (this.include.length === 0 || this.include.some(named)) && !this.exclude.some(named);
  }
}
