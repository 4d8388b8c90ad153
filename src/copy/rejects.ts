/**
 * Rejected rows, one JSON object per line: the table, the row's key, the refused column and an
 * excerpt of its value, the reason, and the whole row as read (binary as base64) so that
 * `migrate copy --replay` can load it again after a rule or policy fix.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import type { PlanTable } from '../plan/plan-model.js';
import { LargeValue } from './large-value.js';
import { copiedColumns } from './row-source.js';

export interface RejectRecord {
  readonly table: string;
  readonly key: Readonly<Record<string, unknown>>;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
  readonly row: readonly unknown[];
}

const EXCERPT = 200;

function toJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $binary: Buffer.from(value).toString('base64') };
  // A large value is not kept (it may be gigabytes): its length says what it was.
  if (value instanceof LargeValue) return { $largeValue: value.length };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function fromJson(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && '$binary' in value && typeof value.$binary === 'string') return Buffer.from(value.$binary, 'base64');
  if (typeof value === 'object' && value !== null && '$largeValue' in value && typeof value.$largeValue === 'number') return new LargeValue(value.$largeValue, undefined);
  return value;
}

export function rejectRecord(table: PlanTable, row: readonly unknown[], columnIndex: number, reason: string): RejectRecord {
  const columns = copiedColumns(table);
  const key = Object.fromEntries(table.key.map((k) => [k.source, toJson(row[columns.findIndex((c) => c.source.name === k.source)])]));
  const raw = row[columnIndex];
  const text = raw instanceof Uint8Array ? `0x${Buffer.from(raw.subarray(0, EXCERPT / 2)).toString('hex')}` : String(raw);
  return {
    table: `${table.source.schema}.${table.source.name}`,
    key,
    column: columns[columnIndex]?.source.name ?? `#${columnIndex}`,
    value: text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text,
    reason,
    row: row.map(toJson),
  };
}

export function appendRejects(path: string, records: readonly RejectRecord[]): void {
  if (records.length > 0) appendFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
}

/** Rows of a rejects file grouped by source table, values restored to what the reader delivered. */
export function readRejects(path: string): Map<string, (readonly unknown[])[]> {
  const byTable = new Map<string, (readonly unknown[])[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const record = JSON.parse(line) as RejectRecord;
    const rows = byTable.get(record.table) ?? [];
    rows.push(record.row.map(fromJson));
    byTable.set(record.table, rows);
  }
  return byTable;
}
