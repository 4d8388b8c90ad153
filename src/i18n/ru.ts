/** Русские сообщения: по файлу на область в ru/, с каждым ключом английского каталога (en.ts). */
import type { MessageKey } from './en.js';
import { cli } from './ru/cli.js';
import { errors } from './ru/errors.js';
import { report } from './ru/report.js';
import { plan } from './ru/plan.js';
import { constructs } from './ru/constructs.js';
import { translate } from './ru/translate.js';

export const ru: Readonly<Record<MessageKey, string>> = { ...cli, ...errors, ...translate, ...constructs, ...plan, ...report };
