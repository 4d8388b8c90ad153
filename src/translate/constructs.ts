/**
 * What each T-SQL construct of a routine becomes in PL/pgSQL, with its confidence and the reason:
 * the one table the routine translator records uses of, the plan's report lists per object, and
 * docs/translation.md shows (a unit test keeps the docs equal to it).
 */
export type ConstructConfidence = 'exact' | 'review' | 'refused';

export interface Construct {
  readonly tsql: string;
  readonly postgres: string;
  readonly confidence: ConstructConfidence;
  readonly reason: string;
}

export const CONSTRUCTS = {
  declare: { tsql: 'DECLARE @v type [= value]', postgres: 'a variable of the mapped type in DECLARE, assigned where the T-SQL declared it', confidence: 'exact', reason: 'T-SQL variables live for the whole batch, as in the one DECLARE section' },
  assign: { tsql: 'SET @v = ..., SET @v += ...', postgres: 'v := ...', confidence: 'exact', reason: 'values are cast to the variable type as T-SQL converts them (decimal to int truncates)' },
  selectAssign: { tsql: 'SELECT @a = x, @b = y FROM ...', postgres: 'SELECT ... INTO a, b (one-row aggregates) or FOR a, b IN SELECT ... LOOP END LOOP', confidence: 'exact', reason: 'the last row wins and no row leaves the variables as they were, as in T-SQL' },
  accumulate: { tsql: 'SELECT @v = @v + x FROM ...', postgres: '-', confidence: 'refused', reason: 'the result depends on the order SQL Server reads the rows in' },
  controlFlow: { tsql: 'IF/ELSE, WHILE, BREAK, CONTINUE, BEGIN/END', postgres: 'IF/ELSE, WHILE ... LOOP, EXIT, CONTINUE, the statements', confidence: 'exact', reason: 'the same control flow' },
  return: { tsql: 'RETURN [value]', postgres: 'RETURN (functions); return_status := value; RETURN (procedures)', confidence: 'exact', reason: 'a procedure\'s return status becomes an INOUT parameter return_status, 0 unless set, as in T-SQL' },
  goto: { tsql: 'GOTO label, label:', postgres: '-', confidence: 'refused', reason: 'PL/pgSQL has no GOTO; restructure the loop by hand' },
  tryCatch: { tsql: 'BEGIN TRY ... END TRY BEGIN CATCH ... END CATCH', postgres: 'BEGIN ... EXCEPTION WHEN OTHERS THEN ... END', confidence: 'exact', reason: 'the block\'s work is undone when it fails, as a failed TRY leaves no half-done statement' },
  errorFunctions: {
    tsql: 'ERROR_MESSAGE(), ERROR_NUMBER(), ERROR_SEVERITY(), ERROR_STATE(), ERROR_LINE(), ERROR_PROCEDURE()',
    postgres: 'GET STACKED DIAGNOSTICS; ms2pg.error_number(); the line of the failing statement',
    confidence: 'review',
    reason: 'errors raised by THROW/RAISERROR keep their number and text; system errors get SQL Server\'s number from the SQLSTATE but PostgreSQL\'s message text',
  },
  throw: { tsql: 'THROW number, message, state', postgres: "RAISE EXCEPTION USING MESSAGE = ..., DETAIL = 'SQL Server error number, state n'", confidence: 'exact', reason: 'the error stops the routine, as THROW does; its number travels in the detail' },
  rethrow: { tsql: 'THROW (in CATCH)', postgres: 'RAISE', confidence: 'exact', reason: 'raises the caught error again' },
  raiserror: { tsql: 'RAISERROR(message, 11-19, state, args), then RETURN', postgres: 'RAISE EXCEPTION USING MESSAGE = format(...)', confidence: 'exact', reason: 'severity 11 and above is an error; %s, %d and %i become format() placeholders' },
  raiserrorNotice: { tsql: 'RAISERROR(message, 0-10, state, args)', postgres: 'RAISE NOTICE', confidence: 'exact', reason: 'severity 10 and below is an informational message' },
  raiserrorContinues: { tsql: 'RAISERROR(..., 11-19, ...) with statements after it', postgres: '-', confidence: 'refused', reason: 'SQL Server goes on after RAISERROR outside TRY; PostgreSQL stops at RAISE (add RETURN after it, or port by hand)' },
  print: { tsql: 'PRINT value', postgres: "RAISE NOTICE '%', value", confidence: 'exact', reason: 'an informational message' },
  rowcount: { tsql: '@@ROWCOUNT', postgres: 'GET DIAGNOSTICS _rowcount = ROW_COUNT after the statement it counts', confidence: 'exact', reason: 'read right after the statement, as T-SQL code does; in a trigger it counts the transition table' },
  rowcountLate: { tsql: '@@ROWCOUNT not right after the statement it counts', postgres: '-', confidence: 'refused', reason: 'which statement it counts depends on T-SQL rules for every statement in between' },
  scopeIdentity: { tsql: 'SCOPE_IDENTITY()', postgres: 'INSERT ... RETURNING id INTO _identity', confidence: 'exact', reason: 'the identity value of the routine\'s own last single-row insert' },
  atIdentity: { tsql: '@@IDENTITY', postgres: 'INSERT ... RETURNING id INTO _identity', confidence: 'review', reason: '@@IDENTITY also sees identity values made by triggers; the conversion returns the routine\'s own' },
  atError: { tsql: '@@ERROR', postgres: '0', confidence: 'review', reason: 'a failing statement raises in PostgreSQL, so code after it never sees an error number; the @@ERROR branch is never taken' },
  trancount: { tsql: '@@TRANCOUNT, XACT_STATE()', postgres: 'a counter kept by the converted BEGIN TRAN/COMMIT/ROLLBACK', confidence: 'exact', reason: 'counts the routine\'s own transactions (a caller\'s are not counted)' },
  fetchStatus: { tsql: '@@FETCH_STATUS', postgres: '_fetch_status from FOUND after each FETCH', confidence: 'exact', reason: '0 after a row, -1 at the end' },
  transaction: {
    tsql: 'BEGIN TRAN, COMMIT, ROLLBACK in a procedure',
    postgres: 'COMMIT and ROLLBACK in a PROCEDURE',
    confidence: 'review',
    reason: 'the procedure must be called outside a transaction block (CALL in autocommit mode), because PostgreSQL procedures cannot commit inside one',
  },
  transactionInTry: { tsql: 'BEGIN TRAN ... COMMIT in TRY, ROLLBACK in CATCH', postgres: 'the exception block is the transaction', confidence: 'exact', reason: 'the block commits with the routine or is undone when it fails' },
  transactionRefused: { tsql: 'SAVE TRAN, COMMIT/ROLLBACK elsewhere in TRY, transactions in functions or triggers', postgres: '-', confidence: 'refused', reason: 'PostgreSQL cannot commit or roll back inside an exception block, a function or a trigger' },
  callsCommitting: { tsql: 'EXEC of a procedure that commits, inside TRY or a transaction', postgres: '-', confidence: 'refused', reason: 'PostgreSQL cannot commit inside an exception block or a caller\'s transaction' },
  autocommit: {
    tsql: 'writes followed by a statement that can fail, without XACT_ABORT or a transaction',
    postgres: 'the same statements in one transaction',
    confidence: 'review',
    reason: 'SQL Server commits each statement on its own and goes on after most errors; PostgreSQL undoes the whole call at the first error',
  },
  tempTable: { tsql: 'CREATE TABLE #t, SELECT ... INTO #t, DROP TABLE #t', postgres: 'CREATE TEMP TABLE, dropped when the routine ends', confidence: 'exact', reason: 'a temporary table lives as long as the routine that made it' },
  tableVariable: { tsql: 'DECLARE @t TABLE (...)', postgres: 'CREATE TEMP TABLE, dropped when the routine ends', confidence: 'exact', reason: 'a table variable lives as long as its routine' },
  cursor: { tsql: 'DECLARE c CURSOR FOR ..., OPEN, FETCH NEXT ... INTO, CLOSE, DEALLOCATE', postgres: 'a PL/pgSQL cursor: OPEN, FETCH ... INTO, CLOSE', confidence: 'review', reason: 'the cursor reads the rows as of OPEN (a STATIC cursor); a dynamic cursor could see rows changed while it runs' },
  staticCursor: { tsql: 'DECLARE c CURSOR STATIC | INSENSITIVE FOR ...', postgres: 'a PL/pgSQL cursor', confidence: 'exact', reason: 'both read the rows as of OPEN' },
  exec: { tsql: 'EXEC schema.procedure args', postgres: 'CALL schema.procedure(args) (OUTPUT arguments are assigned back)', confidence: 'exact', reason: 'named arguments become name => value' },
  execRows: { tsql: 'EXEC of a procedure that returns rows, inside another routine', postgres: '-', confidence: 'refused', reason: 'the rows would go to the client in SQL Server; a PostgreSQL function returns them to its caller' },
  insertExec: { tsql: 'INSERT ... EXEC', postgres: '-', confidence: 'refused', reason: 'PostgreSQL cannot insert the result of a procedure; call a set-returning function instead (port by hand)' },
  dynamicSql: { tsql: "sp_executesql, EXEC(@sql)", postgres: '-', confidence: 'refused', reason: 'the SQL text is built at run time: port it as EXECUTE format(...) by hand (not converted yet)' },
  merge: { tsql: 'MERGE', postgres: '-', confidence: 'refused', reason: 'not converted yet: rewrite as PostgreSQL 15+ MERGE by hand (Babelfish cannot run the original, so no differential test could prove a conversion)' },
  outputClause: { tsql: 'OUTPUT inserted.*, deleted.*', postgres: '-', confidence: 'refused', reason: 'not converted yet: rewrite with RETURNING' },
  updateFrom: { tsql: 'UPDATE a SET ... FROM t AS a JOIN ...; DELETE a FROM t AS a JOIN ...', postgres: 'UPDATE t AS a SET ... FROM ... WHERE; DELETE FROM t AS a USING ... WHERE', confidence: 'exact', reason: 'inner joins to the target become conditions in WHERE' },
  topDml: { tsql: 'UPDATE TOP (n), DELETE TOP (n)', postgres: 'WHERE ctid IN (SELECT ctid ... LIMIT n)', confidence: 'review', reason: 'SQL Server picks any n rows, and so does the conversion, maybe not the same ones' },
  truncate: { tsql: 'TRUNCATE TABLE', postgres: 'TRUNCATE TABLE ... RESTART IDENTITY', confidence: 'exact', reason: 'both restart the identity' },
  setNoop: { tsql: 'SET NOCOUNT, SET XACT_ABORT ON, SET ANSI_NULLS, SET QUOTED_IDENTIFIER', postgres: 'nothing', confidence: 'exact', reason: 'PostgreSQL sends no row counts, and any error stops the call as XACT_ABORT ON does' },
  setRowcount: { tsql: 'SET ROWCOUNT n before a query', postgres: 'LIMIT n', confidence: 'exact', reason: 'limits the rows the query returns' },
  setOption: { tsql: 'other SET options (DATEFIRST, LANGUAGE, ROWCOUNT before DML, ...)', postgres: '-', confidence: 'refused', reason: 'the option changes how later statements behave in ways not converted' },
  resultSet: { tsql: 'a procedure that returns one result set', postgres: 'FUNCTION ... RETURNS TABLE, RETURN QUERY', confidence: 'exact', reason: 'the columns are typed from the catalog and the translated expressions; call it with SELECT * FROM' },
  twoResultSets: { tsql: 'a procedure that returns more than one result set', postgres: '-', confidence: 'refused', reason: 'a PostgreSQL function returns one set of rows (port by hand, e.g. with refcursors)' },
  outputParameter: { tsql: '@p type OUTPUT', postgres: 'INOUT p type', confidence: 'exact', reason: 'an OUTPUT parameter is passed in and out, as INOUT' },
  procedure: { tsql: 'CREATE PROCEDURE without a result set', postgres: 'CREATE PROCEDURE, called with CALL', confidence: 'exact', reason: 'the same statements' },
  scalarFunction: { tsql: 'CREATE FUNCTION ... RETURNS type', postgres: 'a SQL function (one RETURN) or a PL/pgSQL function, STABLE', confidence: 'exact', reason: 'T-SQL functions cannot change data' },
  inlineFunction: { tsql: 'CREATE FUNCTION ... RETURNS TABLE AS RETURN (SELECT ...)', postgres: 'a SQL function RETURNS TABLE', confidence: 'exact', reason: 'the query, typed from the catalog' },
  tableFunction: { tsql: 'CREATE FUNCTION ... RETURNS @t TABLE (...)', postgres: 'a PL/pgSQL function RETURNS TABLE over a temporary table', confidence: 'exact', reason: 'the table variable becomes a temporary table returned at RETURN' },
  trigger: {
    tsql: 'AFTER INSERT/UPDATE/DELETE trigger',
    postgres: 'a trigger function, attached FOR EACH STATEMENT with REFERENCING NEW TABLE AS inserted / OLD TABLE AS deleted',
    confidence: 'exact',
    reason: 'one statement-level trigger per event (PostgreSQL allows transition tables on single-event triggers only); the absent table reads as empty',
  },
  updateFunction: { tsql: 'UPDATE(column) in a trigger', postgres: 'EXISTS (SELECT column FROM inserted EXCEPT ALL SELECT column FROM deleted)', confidence: 'review', reason: 'true when a value changed; SQL Server says true when the column was assigned, even to the same value' },
  triggerRollback: { tsql: 'ROLLBACK TRANSACTION (with RAISERROR/THROW) in a trigger', postgres: 'RAISE EXCEPTION', confidence: 'review', reason: 'the statement fails and its transaction is undone; SQL Server also ends the caller\'s batch' },
  insteadOf: { tsql: 'INSTEAD OF trigger', postgres: '-', confidence: 'refused', reason: 'not converted yet: PostgreSQL has INSTEAD OF triggers on views only, row by row (port by hand)' },
  expressionNote: { tsql: 'an expression whose result can differ (collation, decimal scale, implicit conversion, ...)', postgres: 'the translated expression', confidence: 'review', reason: 'the note names what to check' },
  unsupported: { tsql: 'anything else (WAITFOR, CLR, FETCH other than NEXT, table-valued parameters, ...)', postgres: '-', confidence: 'refused', reason: 'named with its position in the report' },
} as const satisfies Record<string, Construct>;

export type ConstructId = keyof typeof CONSTRUCTS;

/** The docs table: construct, PL/pgSQL, confidence, why. */
export function renderConstructTable(): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|');
  const rows = Object.values(CONSTRUCTS).map((c: Construct) => `| ${cell(c.tsql)} | ${cell(c.postgres)} | ${c.confidence} | ${cell(c.reason)} |`);
  return ['| T-SQL | PL/pgSQL | confidence | why |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
