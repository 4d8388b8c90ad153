/**
 * English messages: the reference catalog, one file per area under en/ (the CLI's narration and
 * summaries, errors, the reports) so that each can be edited on its own. Keys name where a message
 * is used; ru.ts must have every one.
 */
import { cli } from './en/cli.js';
import { errors } from './en/errors.js';
import { report } from './en/report.js';
import { plan } from './en/plan.js';
import { constructs } from './en/constructs.js';
import { translate } from './en/translate.js';

export const en = { ...cli, ...errors, ...translate, ...constructs, ...plan, ...report } as const;

export type MessageKey = keyof typeof en;
