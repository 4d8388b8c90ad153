/**
 * What each T-SQL construct of a routine becomes in PL/pgSQL, with its confidence and the reason:
 * the one table the routine translator records uses of, the plan's report lists per object, and
 * docs/translation.md shows (a unit test keeps the docs equal to it). The construct's name and the
 * reason are messages (src/i18n/en/constructs.ts), so the report says them in its language; the
 * docs table is English.
 */
import { messageIn, type MessageKey } from '../i18n/index.js';

export type ConstructConfidence = 'exact' | 'review' | 'refused';

export interface Construct {
  /** The T-SQL construct, as the report names it. */
  readonly tsql: MessageKey;
  readonly postgres: string;
  readonly confidence: ConstructConfidence;
  /** Why it gets its confidence. */
  readonly reason: MessageKey;
}

export const CONSTRUCTS = {
  declare: { tsql: 'construct.declare', postgres: 'a variable of the mapped type in DECLARE, assigned where the T-SQL declared it', confidence: 'exact', reason: 'construct.declare.why' },
  assign: { tsql: 'construct.assign', postgres: 'v := ...', confidence: 'exact', reason: 'construct.assign.why' },
  selectAssign: { tsql: 'construct.selectAssign', postgres: 'SELECT ... INTO a, b (one-row aggregates) or FOR a, b IN SELECT ... LOOP END LOOP', confidence: 'exact', reason: 'construct.selectAssign.why' },
  accumulate: { tsql: 'construct.accumulate', postgres: '-', confidence: 'refused', reason: 'construct.accumulate.why' },
  controlFlow: { tsql: 'construct.controlFlow', postgres: 'IF/ELSE, WHILE ... LOOP, EXIT, CONTINUE, the statements', confidence: 'exact', reason: 'construct.controlFlow.why' },
  return: { tsql: 'construct.return', postgres: 'RETURN (functions); return_status := value; RETURN (procedures)', confidence: 'exact', reason: 'construct.return.why' },
  goto: { tsql: 'construct.goto', postgres: '-', confidence: 'refused', reason: 'construct.goto.why' },
  tryCatch: { tsql: 'construct.tryCatch', postgres: 'BEGIN ... EXCEPTION WHEN OTHERS THEN ... END', confidence: 'exact', reason: 'construct.tryCatch.why' },
  errorFunctions: {
    tsql: 'construct.errorFunctions',
    postgres: 'GET STACKED DIAGNOSTICS; ms2pg.error_number(); the line of the failing statement',
    confidence: 'review',
    reason: 'construct.errorFunctions.why',
  },
  throw: { tsql: 'construct.throw', postgres: "RAISE EXCEPTION USING MESSAGE = ..., DETAIL = 'SQL Server error number, state n'", confidence: 'exact', reason: 'construct.throw.why' },
  rethrow: { tsql: 'construct.rethrow', postgres: 'RAISE', confidence: 'exact', reason: 'construct.rethrow.why' },
  raiserror: { tsql: 'construct.raiserror', postgres: 'RAISE EXCEPTION USING MESSAGE = format(...)', confidence: 'exact', reason: 'construct.raiserror.why' },
  raiserrorNotice: { tsql: 'construct.raiserrorNotice', postgres: 'RAISE NOTICE', confidence: 'exact', reason: 'construct.raiserrorNotice.why' },
  raiserrorContinues: { tsql: 'construct.raiserrorContinues', postgres: '-', confidence: 'refused', reason: 'construct.raiserrorContinues.why' },
  print: { tsql: 'construct.print', postgres: "RAISE NOTICE '%', value", confidence: 'exact', reason: 'construct.print.why' },
  rowcount: { tsql: 'construct.rowcount', postgres: 'GET DIAGNOSTICS _rowcount = ROW_COUNT after the statement it counts', confidence: 'exact', reason: 'construct.rowcount.why' },
  rowcountLate: { tsql: 'construct.rowcountLate', postgres: '-', confidence: 'refused', reason: 'construct.rowcountLate.why' },
  scopeIdentity: { tsql: 'construct.scopeIdentity', postgres: 'INSERT ... RETURNING id INTO _identity', confidence: 'exact', reason: 'construct.scopeIdentity.why' },
  atIdentity: { tsql: 'construct.atIdentity', postgres: 'INSERT ... RETURNING id INTO _identity', confidence: 'review', reason: 'construct.atIdentity.why' },
  atError: { tsql: 'construct.atError', postgres: '0', confidence: 'review', reason: 'construct.atError.why' },
  trancount: { tsql: 'construct.trancount', postgres: 'a counter kept by the converted BEGIN TRAN/COMMIT/ROLLBACK', confidence: 'exact', reason: 'construct.trancount.why' },
  fetchStatus: { tsql: 'construct.fetchStatus', postgres: '_fetch_status from FOUND after each FETCH', confidence: 'exact', reason: 'construct.fetchStatus.why' },
  transaction: {
    tsql: 'construct.transaction',
    postgres: 'COMMIT and ROLLBACK in a PROCEDURE',
    confidence: 'review',
    reason: 'construct.transaction.why',
  },
  transactionInTry: { tsql: 'construct.transactionInTry', postgres: 'the exception block is the transaction', confidence: 'exact', reason: 'construct.transactionInTry.why' },
  transactionRefused: { tsql: 'construct.transactionRefused', postgres: '-', confidence: 'refused', reason: 'construct.transactionRefused.why' },
  callsCommitting: { tsql: 'construct.callsCommitting', postgres: '-', confidence: 'refused', reason: 'construct.callsCommitting.why' },
  autocommit: {
    tsql: 'construct.autocommit',
    postgres: 'the same statements in one transaction',
    confidence: 'review',
    reason: 'construct.autocommit.why',
  },
  tempTable: { tsql: 'construct.tempTable', postgres: 'CREATE TEMP TABLE, dropped when the routine ends', confidence: 'exact', reason: 'construct.tempTable.why' },
  tableVariable: { tsql: 'construct.tableVariable', postgres: 'CREATE TEMP TABLE, dropped when the routine ends', confidence: 'exact', reason: 'construct.tableVariable.why' },
  cursor: { tsql: 'construct.cursor', postgres: 'a PL/pgSQL cursor: OPEN, FETCH ... INTO, CLOSE', confidence: 'review', reason: 'construct.cursor.why' },
  staticCursor: { tsql: 'construct.staticCursor', postgres: 'a PL/pgSQL cursor', confidence: 'exact', reason: 'construct.staticCursor.why' },
  exec: { tsql: 'construct.exec', postgres: 'CALL schema.procedure(args) (OUTPUT arguments are assigned back)', confidence: 'exact', reason: 'construct.exec.why' },
  execRows: { tsql: 'construct.execRows', postgres: '-', confidence: 'refused', reason: 'construct.execRows.why' },
  insertExec: { tsql: 'construct.insertExec', postgres: '-', confidence: 'refused', reason: 'construct.insertExec.why' },
  dynamicSql: { tsql: 'construct.dynamicSql', postgres: '-', confidence: 'refused', reason: 'construct.dynamicSql.why' },
  merge: { tsql: 'construct.merge', postgres: '-', confidence: 'refused', reason: 'construct.merge.why' },
  outputClause: { tsql: 'construct.outputClause', postgres: '-', confidence: 'refused', reason: 'construct.outputClause.why' },
  updateFrom: { tsql: 'construct.updateFrom', postgres: 'UPDATE t AS a SET ... FROM ... WHERE; DELETE FROM t AS a USING ... WHERE', confidence: 'exact', reason: 'construct.updateFrom.why' },
  topDml: { tsql: 'construct.topDml', postgres: 'WHERE ctid IN (SELECT ctid ... LIMIT n)', confidence: 'review', reason: 'construct.topDml.why' },
  truncate: { tsql: 'construct.truncate', postgres: 'TRUNCATE TABLE ... RESTART IDENTITY', confidence: 'exact', reason: 'construct.truncate.why' },
  setNoop: { tsql: 'construct.setNoop', postgres: 'nothing', confidence: 'exact', reason: 'construct.setNoop.why' },
  setRowcount: { tsql: 'construct.setRowcount', postgres: 'LIMIT n', confidence: 'exact', reason: 'construct.setRowcount.why' },
  setOption: { tsql: 'construct.setOption', postgres: '-', confidence: 'refused', reason: 'construct.setOption.why' },
  resultSet: { tsql: 'construct.resultSet', postgres: 'FUNCTION ... RETURNS TABLE, RETURN QUERY', confidence: 'exact', reason: 'construct.resultSet.why' },
  twoResultSets: { tsql: 'construct.twoResultSets', postgres: '-', confidence: 'refused', reason: 'construct.twoResultSets.why' },
  outputParameter: { tsql: 'construct.outputParameter', postgres: 'INOUT p type', confidence: 'exact', reason: 'construct.outputParameter.why' },
  procedure: { tsql: 'construct.procedure', postgres: 'CREATE PROCEDURE, called with CALL', confidence: 'exact', reason: 'construct.procedure.why' },
  scalarFunction: { tsql: 'construct.scalarFunction', postgres: 'a SQL function (one RETURN) or a PL/pgSQL function, STABLE', confidence: 'exact', reason: 'construct.scalarFunction.why' },
  inlineFunction: { tsql: 'construct.inlineFunction', postgres: 'a SQL function RETURNS TABLE', confidence: 'exact', reason: 'construct.inlineFunction.why' },
  tableFunction: { tsql: 'construct.tableFunction', postgres: 'a PL/pgSQL function RETURNS TABLE over a temporary table', confidence: 'exact', reason: 'construct.tableFunction.why' },
  trigger: {
    tsql: 'construct.trigger',
    postgres: 'a trigger function, attached FOR EACH STATEMENT with REFERENCING NEW TABLE AS inserted / OLD TABLE AS deleted',
    confidence: 'exact',
    reason: 'construct.trigger.why',
  },
  updateFunction: { tsql: 'construct.updateFunction', postgres: 'EXISTS (SELECT column FROM inserted EXCEPT ALL SELECT column FROM deleted)', confidence: 'review', reason: 'construct.updateFunction.why' },
  triggerRollback: { tsql: 'construct.triggerRollback', postgres: 'RAISE EXCEPTION', confidence: 'review', reason: 'construct.triggerRollback.why' },
  insteadOf: { tsql: 'construct.insteadOf', postgres: '-', confidence: 'refused', reason: 'construct.insteadOf.why' },
  expressionNote: { tsql: 'construct.expressionNote', postgres: 'the translated expression', confidence: 'review', reason: 'construct.expressionNote.why' },
  unsupported: { tsql: 'construct.unsupported', postgres: '-', confidence: 'refused', reason: 'construct.unsupported.why' },
} as const satisfies Record<string, Construct>;

export type ConstructId = keyof typeof CONSTRUCTS;

/** The docs table (English): construct, PL/pgSQL, confidence, why. */
export function renderConstructTable(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = Object.values(CONSTRUCTS).map((c: Construct) => `| ${cell(messageIn('en', c.tsql))} | ${cell(c.postgres)} | ${c.confidence} | ${cell(messageIn('en', c.reason))} |`);
  return ['| T-SQL | PL/pgSQL | confidence | why |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
