/** Русский: сообщения и сводки командной строки. */
import type { cli as english } from '../en/cli.js';

export const cli: Readonly<Record<keyof typeof english, string>> = {
  'demo.starting': 'запускаю встроенный PostgreSQL (в конце он будет остановлен)',
};
