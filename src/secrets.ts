/**
 * Secrets never reach output. Every password the program learns is registered here, and every line
 * written to stdout/stderr passes through `redact`, which also masks credentials embedded in URLs and
 * connection strings we did not parse ourselves (e.g. inside a driver's error message).
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

const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*):[^@\s/]*@/gi;
const KEY_VALUE_PASSWORD = /\b(password|pwd)\s*=\s*("[^"]*"|'[^']*'|\{[^}]*\}|[^;\s]*)/gi;

/** Below this length a secret is masked only as a whole token, so "x" does not mangle every word. */
const SHORT_SECRET = 6;

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...registered].sort((a, b) => b.length - a.length)) {
    out =
      secret.length >= SHORT_SECRET
        ? out.split(secret).join(MASK)
        : out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`, 'gu'), MASK);
  }
  return out.replace(URL_CREDENTIALS, `$1:${MASK}@`).replace(KEY_VALUE_PASSWORD, `$1=${MASK}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
