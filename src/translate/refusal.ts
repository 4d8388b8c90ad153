import { t } from '../i18n/index.js';

/** A construct the translator will not translate, named with its position in the T-SQL text. */
export interface Position {
  readonly line: number;
  readonly col: number;
}

export class Refusal extends Error {
  /**
   * `what` names the construct (a message in the current language); the error's message adds the
   * position, which callers also read from `position` rather than from the text.
   */
  constructor(
    readonly what: string,
    readonly position?: Position,
  ) {
    super(position === undefined ? what : t('refusal.at', { what, line: position.line, col: position.col }));
    this.name = 'Refusal';
  }
}
