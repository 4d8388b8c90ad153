/**
 * Message templates in a small subset of ICU MessageFormat: `{name}` puts a parameter in, and
 * `{name, plural, one {...} few {...} many {...} other {...}}` picks a form by the language's plural
 * rules (Russian has four), with `#` for the number inside a form. Templates are data; code never
 * builds a sentence by concatenating words.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

/** The position just after the `}` that closes the `{` at `open`. */
function closing(template: string, open: number): number {
  let depth = 0;
  for (let i = open; i < template.length; i++) {
    if (template[i] === '{') depth++;
    else if (template[i] === '}' && --depth === 0) return i + 1;
  }
  throw new Error(`unbalanced braces in message: ${template}`);
}

/** The forms of a plural argument: `one {...} other {...}` -> { one: '...', other: '...' }. */
function pluralForms(body: string): Map<string, string> {
  const forms = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const match = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(body.slice(i));
    if (match === null) break;
    const open = i + match[0].length - 1;
    const end = closing(body, open);
    forms.set(match[1] ?? 'other', body.slice(open + 1, end - 1));
    i = end;
  }
  return forms;
}

export function formatMessage(template: string, params: MessageParams, locale: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const end = closing(template, open);
    const inner = template.slice(open + 1, end - 1);
    const plural = /^\s*(\w+)\s*,\s*plural\s*,(.*)$/s.exec(inner);
    if (plural === null) {
      const value = params[inner.trim()];
      if (value === undefined) throw new Error(`message parameter {${inner}} missing in: ${template}`);
      out += String(value);
    } else {
      const name = plural[1] ?? '';
      const count = Number(params[name]);
      const forms = pluralForms(plural[2] ?? '');
      const form = forms.get(`=${count}`) ?? forms.get(new Intl.PluralRules(locale).select(count)) ?? forms.get('other') ?? '';
      out += formatMessage(form.replace(/#/g, new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 20 }).format(count)), params, locale);
    }
    i = end;
  }
  return out;
}

/** The parameter names a template uses, for the test that keeps the catalogs alike. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(/\{\s*(\w+)\s*(?:,\s*plural\s*,|\})/g)) names.add(match[1] ?? '');
  return [...names].sort();
}
