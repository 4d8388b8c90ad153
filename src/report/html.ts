/**
 * report.html: one self-contained page (inline CSS and SVG, no network assets) that a DBA forwards
 * to the people who approve the cut-over: assessment, rows and throughput per table, verification,
 * procedures, functions and triggers with their confidence, and the manual items.
 */
import type { CopySummary } from '../copy/run-copy.js';
import { language, t } from '../i18n/index.js';
import type { Plan } from '../plan/plan-model.js';
import { confidenceName, decimal, kindName } from '../plan/report-words.js';
import type { VerifyReport } from '../verify/report.js';

const esc = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function table(headers: readonly string[], rows: readonly (readonly string[])[], className = ''): string {
  if (rows.length === 0) return `<p class="none">${esc(t('html.none'))}</p>`;
  return `<table class="${className}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** Horizontal bars, one per table, scaled to the largest value. */
function barChart(title: string, bars: readonly { label: string; value: number; text: string }[]): string {
  if (bars.length === 0) return '';
  const max = Math.max(...bars.map((b) => b.value), 1);
  const rowHeight = 22;
  const labelWidth = 260;
  const width = 760;
  const body = bars
    .map((b, i) => {
      const w = Math.max(1, Math.round(((width - labelWidth - 120) * b.value) / max));
      const y = i * rowHeight;
      const label = b.label.length > 36 ? `${b.label.slice(0, 35)}…` : b.label;
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end"><title>${esc(b.label)}</title>${esc(label)}</text><rect x="${labelWidth}" y="${y + 4}" width="${w}" height="14" rx="2"/><text x="${labelWidth + w + 6}" y="${y + 15}">${esc(b.text)}</text>`;
    })
    .join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg role="img" aria-label="${esc(title)}" width="${width}" height="${bars.length * rowHeight + 4}" viewBox="0 0 ${width} ${bars.length * rowHeight + 4}">${body}</svg></figure>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dbe3;padding-bottom:.3rem}
.sub{color:#5a6678}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d5dbe3;border-radius:8px;padding:.7rem 1rem;min-width:150px}.card b{display:block;font-size:1.4rem}
.ok{color:#137333}.bad{color:#b3261e}.warn{color:#9a6700}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border-bottom:1px solid #e4e8ee;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f9;font-weight:600}td{font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
svg text{font-size:12px;fill:#1d2430}svg rect{fill:#3b6fd6}figure{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.3rem}
.none{color:#5a6678}`;

/** Verification words: a table's or the run's status, and the level it reached. */
const VERIFY_WORDS = {
  equal: 'html.verify.equal',
  different: 'html.verify.different',
  unverified: 'html.verify.unverified',
  count: 'html.verify.count',
  checksum: 'html.verify.checksum',
  rows: 'html.verify.rows',
} as const;

const verifyWord = (word: keyof typeof VERIFY_WORDS): string => t(VERIFY_WORDS[word]);

export function renderHtmlReport(plan: Plan, copy: CopySummary | undefined, verify: VerifyReport | undefined): string {
  const errors = plan.issues.filter((i) => i.severity === 'error');
  const warnings = plan.issues.filter((i) => i.severity === 'warning');
  const lossy = plan.tables.flatMap((table) => table.columns.filter((c) => c.losses.length > 0).map((c) => [`${table.source.schema}.${table.source.name}.${c.source.name}`, c.source.type, c.target.type, c.losses.join('; ')]));
  const copied = copy?.tables.reduce((n, table) => n + table.rows, 0);
  const locale = language() === 'ru' ? 'ru-RU' : 'en-US';
  const count = (n: number): string => n.toLocaleString(locale);
  const notRun = t('html.notRun');
  const verifyStatus = verify === undefined ? notRun : verifyWord(verify.status);
  const card = (label: string, value: string, cls = ''): string => `<div class="card"><span>${esc(label)}</span><b class="${cls}">${esc(value)}</b></div>`;
  const title = t('html.title', { database: plan.source.database });
  const parts = [
    `<!doctype html><html lang="${language()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(title)}</h1><p class="sub">${esc(t('html.subtitle', { server: plan.source.server }))}</p>`,
    '<div class="cards">',
    card(t('report.inventory.tables'), String(plan.tables.length)),
    card(t('html.card.rowsCopied'), copied === undefined ? notRun : count(copied)),
    card(t('html.card.rejected'), copy === undefined ? '-' : String(copy.rejected), copy !== undefined && copy.rejected > 0 ? 'bad' : 'ok'),
    card(t('html.card.verification'), verifyStatus, verify?.status === 'equal' ? 'ok' : verify === undefined ? 'warn' : 'bad'),
    card(t('html.card.blocking'), String(errors.length), errors.length > 0 ? 'bad' : 'ok'),
    card(t('html.card.toReview'), String(warnings.length), warnings.length > 0 ? 'warn' : 'ok'),
    card(t('html.card.manual'), String(plan.manual.length), plan.manual.length > 0 ? 'warn' : 'ok'),
    '</div>',
    `<h2>${esc(t('html.throughput'))}</h2>`,
    copy === undefined
      ? `<p class="none">${esc(t('html.copyNotRun'))}</p>`
      : barChart(t('html.rowsPerTable'), copy.tables.map((table) => ({ label: table.tableKey, value: table.rows, text: count(table.rows) }))) +
        barChart(t('html.rowsPerSecond'), copy.tables.filter((table) => table.wallSeconds > 0).map((table) => ({ label: table.tableKey, value: table.rows / table.wallSeconds, text: count(Math.round(table.rows / table.wallSeconds)) }))) +
        `<p class="sub">${esc(t('html.copySummary', { sourceRead: copy.sourceRead, retries: copy.retries, seconds: decimal(copy.seconds, 1, true) }))}</p>`,
    `<h2>${esc(t('html.verification'))}</h2>`,
    verify === undefined
      ? `<p class="none">${esc(t('html.verifyNotRun'))}</p>`
      : table(
          [t('report.col.table'), t('html.col.sourceRows'), t('html.col.targetRows'), t('html.col.level'), t('html.col.status'), t('report.col.differences')],
          verify.tables.map((v) => [v.table, String(v.sourceRows ?? '?'), String(v.targetRows ?? '?'), verifyWord(v.level), verifyWord(v.status), String(v.differences)]),
        ),
    `<h2>${esc(t('report.blockingIssues'))}</h2>`,
    table([t('report.col.object'), t('report.col.issue'), t('report.col.whatToDo')], errors.map((i) => [i.object, i.message, i.hint ?? ''])),
    `<h2>${esc(t('report.losses'))}</h2>`,
    table([t('report.col.column'), t('report.col.sourceType'), t('report.col.targetType'), t('report.col.loss')], lossy),
    `<h2>${esc(t('html.queries', { version: plan.targetVersion }))}</h2>`,
    table(
      [t('report.col.column'), 'PostgreSQL', t('report.col.differences')],
      plan.tables.flatMap((table) => table.columns.filter((c) => (c.queryDifferences ?? []).length > 0).map((c) => [`${table.source.schema}.${table.source.name}.${c.source.name}`, `${c.target.type}${c.target.collation === undefined ? '' : ` COLLATE ${c.target.collation}`}`, (c.queryDifferences ?? []).join('; ')])),
    ),
    `<h2>${esc(t('report.routines'))}</h2>`,
    table([t('report.col.object'), t('report.col.kind'), 'PostgreSQL', t('report.col.confidence'), t('report.col.hours')], plan.routines.map((r) => [r.object, kindName(r.kind), r.target ?? '-', confidenceName(r.confidence), decimal(r.effortHours, 2)])),
    `<h2>${esc(t('html.manual'))}</h2>`,
    table([t('report.col.object'), t('report.col.kind'), t('report.col.reason')], plan.manual.map((m) => [m.object, kindName(m.kind), m.reason])),
    `<h2>${esc(t('report.review'))}</h2>`,
    table([t('report.col.object'), t('report.col.issue'), t('report.col.hint')], warnings.map((i) => [i.object, i.message, i.hint ?? ''])),
    '</body></html>',
  ];
  return `${parts.join('\n')}\n`;
}
