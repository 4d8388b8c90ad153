/**
 * Secrets never reach output. Every password the program learns is registered here, and every line
 * written to stdout/stderr passes through `redact`.
 *
 * A password is masked wherever it appears as a credential, registered or not: in a URL's user info
 * (`scheme://user:***@`), in `Password=`/`PWD=`/`PGPASSWORD=` pairs of connection strings and
 * environment dumps, and in JSON `"password": "..."` fields. A registered password is also masked
 * anywhere else in a line (a driver message quoting it) when it is distinctive: 8 characters or more
 * and not a plain word, or 12 or more. Masking `true`, `applied` or `0` everywhere would rewrite the program's own
 * words and numbers and break the JSON it prints, so such passwords are masked only as credentials.
 */
const MASK = '***';
const registered = new Set<string>();

/** Remember a secret so that it is masked wherever it appears later. */
export function registerSecret(secret: string | undefined): void {
  if (secret === undefined || secret.length === 0) return;
  registered.add(secret);
  // A secret may also surface in its URL-encoded form (e.g. echoed connection URLs).
  registered.add(encodeURIComponent(secret));
}

/**
 * Long enough and not a plain word (or a passphrase too long to be one): an occurrence in free text
 * is the secret, not a coincidence.
 */
const DISTINCTIVE_LENGTH = 8;
const PASSPHRASE_LENGTH = 12;
function distinctive(secret: string): boolean {
  return secret.length >= PASSPHRASE_LENGTH || (secret.length >= DISTINCTIVE_LENGTH && !/^\p{L}+$/u.test(secret));
}

/** A JSON key that names a password (password, PWD, PGPASSWORD, mssqlPassword): its string value is masked whole. */
const PASSWORD_KEY = /(password|pwd)$/i;

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^@\s/]*@/gi;
// Key names ending in password or pwd (Password, PWD, PGPASSWORD, MSSQL_PASSWORD); quoted values may
// double their quote, braced ones their closing brace (ADO.NET and ODBC rules).
const KEY_VALUE_PASSWORD = /\b(\w*password|\w*pwd)\s*=\s*("(?:[^"]|"")*"|'(?:[^']|'')*'|\{(?:[^}]|\}\})*\}|[^;\s]*)/gi;
const JSON_PASSWORD = /("\w*(?:password|pwd)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

export function redact(text: string): string {
  let out = text.replace(URL_CREDENTIALS, `$1:${MASK}@`).replace(KEY_VALUE_PASSWORD, `$1=${MASK}`).replace(JSON_PASSWORD, `$1"${MASK}"`);
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...registered].filter(distinctive).sort((a, b) => b.length - a.length)) {
    // Not inside a longer word or number: "Passw0rd!" is not masked in "Passw0rd!x".
    const before = /^[\p{L}\p{N}]/u.test(secret) ? '(?<![\\p{L}\\p{N}])' : '';
    const after = /[\p{L}\p{N}]$/u.test(secret) ? '(?![\\p{L}\\p{N}])' : '';
    out = out.replace(new RegExp(`${before}${escapeRegExp(secret)}${after}`, 'gu'), MASK);
  }
  return out;
}

/**
 * A value about to be printed as JSON, with every string redacted: masking the serialized text
 * could break it (a password `"` or `}`), masking strings inside the value cannot.
 */
export function redactJson(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactJson);
  if (typeof value === 'object' && value !== null) {
    const plain = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
    if (plain !== value) return redactJson(plain);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [redact(key), typeof item === 'string' && PASSWORD_KEY.test(key) ? MASK : redactJson(item)]));
  }
  return value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
