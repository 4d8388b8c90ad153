/**
 * A rough difficulty score for code we do not convert (procedures, functions, triggers), from the
 * T-SQL constructs that make a port by hand harder. Keyword spotting for a report, not translation.
 */
import type { InventoryItem } from './plan-model.js';

const CONSTRUCTS: readonly [string, RegExp, number][] = [
  ['dynamic SQL', /\bEXEC(UTE)?\s*\(|\bsp_executesql\b/i, 2],
  ['cursor', /\bCURSOR\b/i, 1],
  ['temporary table', /#\w/, 1],
  ['table variable', /\bDECLARE\s+@\w+\s+TABLE\b/i, 1],
  ['TRY/CATCH', /\bBEGIN\s+TRY\b/i, 1],
  ['explicit transaction', /\bBEGIN\s+TRAN(SACTION)?\b/i, 1],
  ['MERGE', /\bMERGE\b/i, 1],
  ['OUTPUT clause', /\bOUTPUT\s+(INSERTED|DELETED)\b/i, 1],
  ['FOR XML / FOR JSON', /\bFOR\s+(XML|JSON)\b/i, 1],
  ['linked server / OPENQUERY', /\bOPEN(QUERY|ROWSET|DATASOURCE)\b/i, 2],
  ['@@ROWCOUNT / SCOPE_IDENTITY', /@@ROWCOUNT|@@IDENTITY|SCOPE_IDENTITY\s*\(/i, 1],
  ['RAISERROR / THROW', /\bRAISERROR\b|\bTHROW\b/i, 1],
  ['WHILE loop', /\bWHILE\b/i, 1],
  ['GOTO', /\bGOTO\b/i, 1],
];

export function inventoryItem(object: string, kind: string, definition: string | null, clr: boolean): InventoryItem {
  if (clr || definition === null) {
    return { object, kind, lines: 0, difficulty: 5, constructs: [clr ? 'CLR code' : 'definition unreadable'] };
  }
  const lines = definition.split('\n').length;
  const found = CONSTRUCTS.filter(([, pattern]) => pattern.test(definition));
  const size = lines > 200 ? 2 : lines > 50 ? 1 : 0;
  const difficulty = Math.min(5, 1 + size + found.reduce((n, [, , weight]) => n + weight, 0));
  return { object, kind, lines, difficulty, constructs: found.map(([name]) => name) };
}
