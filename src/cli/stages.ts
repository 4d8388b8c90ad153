/**
 * The stages of `migrate run` and `migrate demo` as they report them: --json keeps its words
 * (`done`, `failed (exit 4)`), the table on the terminal speaks the user's language.
 */
import { t } from '../i18n/index.js';
import { renderTable } from './output.js';

export interface StageResult {
  readonly stage: string;
  /** How the table names the stage (the stage's name unless told). */
  readonly label?: string;
  readonly status: 'done' | 'done earlier' | 'blocking issues' | 'failed';
  /** For a failed stage. */
  readonly exitCode?: number;
  readonly seconds: number;
}

export function stagesJson(results: readonly StageResult[]): { stage: string; status: string; seconds: number }[] {
  return results.map((r) => ({ stage: r.stage, status: r.status === 'failed' ? `failed (exit ${r.exitCode ?? '?'})` : r.status, seconds: r.seconds }));
}

export function stagesTable(results: readonly StageResult[]): string {
  return renderTable(
    [t('stage.column.stage'), t('column.status'), t('column.seconds')],
    results.map((r) => [r.label ?? r.stage, statusLabel(r), r.seconds.toFixed(1)]),
  );
}

function statusLabel(result: StageResult): string {
  switch (result.status) {
    case 'done':
      return t('status.done');
    case 'done earlier':
      return t('stage.status.doneEarlier');
    case 'blocking issues':
      return t('stage.status.blocked');
    case 'failed':
      return t('stage.status.failed', { code: result.exitCode ?? '?' });
  }
}
