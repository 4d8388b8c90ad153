/**
 * The catalog's notes in the plan's language. catalog.json is data and keeps its notes in English
 * (it reads the same wherever it is planned), written from the `catalogNote.*` messages; the plan
 * reads each note's parameters back from its English template and says it in its own language.
 * A note no template matches (an older catalog's wording) is shown as written.
 */
import { t, messageParams, type MessageKey } from '../i18n/index.js';
import { kindName } from './report-words.js';

const NOTES: readonly MessageKey[] = [
  'catalogNote.definitionUnreadable',
  'catalogNote.questionMarks',
  'catalogNote.keyUnreadable',
  'catalogNote.fullTextUnreadable',
  'catalogNote.identitySeedUnknown',
  'catalogNote.computedUnreadable',
  'catalogNote.defaultUnreadable',
  'catalogNote.checkUnreadable',
  'catalogNote.triggerEventsUnknown',
  'catalogNote.sequenceUnreadable',
  'catalogNote.excludedForeignKey',
  'catalogNote.excludedReference',
  'catalogNote.missingViewDefinition',
];

export function catalogNoteMessage(message: string): string {
  for (const key of NOTES) {
    const params = messageParams(key, message);
    // `what` is the kind of object the definition belongs to (view, trigger, computed column, ...).
    if (params !== undefined) return t(key, params.what === undefined ? params : { ...params, what: kindName(params.what) });
  }
  return message;
}
