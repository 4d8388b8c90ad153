/** Worker threads run the built JavaScript: from sources (tests) there is no entry file, and the work runs in the calling thread. */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The path of a built worker entry module, or undefined when running from sources. */
export function builtEntry(url: URL): string | undefined {
  const path = fileURLToPath(url);
  return existsSync(path) ? path : undefined;
}
