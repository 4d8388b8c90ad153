/**
 * Routine translation: the statement parser on every routine we have, PL/pgSQL printed for each
 * statement kind, and refusals naming the construct and its line:col. Whether the printed code
 * behaves as the original is the differential test's job (test/integration/mssql).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONSTRUCTS, renderConstructTable } from '../../../src/translate/constructs.js';
import { routineSignature, translateRoutine, type RoutineContext, type RoutineSignature } from '../../../src/translate/routines.js';
import { parseRoutine } from '../../../src/translate/statement-parser.js';
import type { RelationInfo } from '../../../src/translate/translator.js';
import { column } from './columns.js';

const columnsOf = (names: readonly string[], identity?: string): NonNullable<RelationInfo['columns']> =>
  names.flatMap((name) => {
    const info = column(name);
    return info === undefined ? [] : [{ source: name, info, generated: name === identity }];
  });
const orders: RelationInfo = { schema: 'dbo', name: 'orders', column, columns: columnsOf(['id', 'name', 'qty', 'price', 'active', 'created'], 'id'), identity: 'id' };
const log: RelationInfo = { schema: 'dbo', name: 'log', column, columns: columnsOf(['name', 'qty']) };

const routines = new Map<string, RoutineSignature>();

function context(name: string, extra: Partial<RoutineContext> = {}): RoutineContext {
  return {
    defaultSchema: 'dbo',
    target: { schema: 'dbo', name },
    relation: (_schema, table) => (table.toLowerCase() === 'orders' ? orders : table.toLowerCase() === 'log' ? log : undefined),
    routine: (_schema, routine) => routines.get(routine.toLowerCase()),
    targetVersion: 16,
    ...extra,
  };
}

function translate(definition: string, extra: Partial<RoutineContext> = {}): ReturnType<typeof translateRoutine> {
  const parsed = parseRoutine(definition);
  return translateRoutine(parsed, context((parsed.name[parsed.name.length - 1] ?? '').toLowerCase(), extra));
}

function sql(definition: string, extra: Partial<RoutineContext> = {}): string {
  const result = translate(definition, extra);
  if (!result.ok) throw new Error(result.reason);
  return result.statements.map((s) => s.sql).join('\n');
}

describe('statement parser', () => {
  const files = ['test/fixtures/mssql/routines.sql', 'test/fixtures/mssql/northwind.sql', 'examples/municipal/source.sql'];
  const definitions = files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split(/^\s*GO\s*$/im)
      .map((b) => b.replace(/^(\s*--[^\n]*\n)*/, '').trim())
      .filter((b) => /^CREATE\s+(PROC|PROCEDURE|FUNCTION|TRIGGER)\b/i.test(b)),
  );

  it('parses every routine of the fixtures, Northwind and the municipal example', () => {
    expect(definitions.length).toBe(61);
    for (const definition of definitions) expect(() => parseRoutine(definition), definition.slice(0, 80)).not.toThrow();
  });

  it('keeps positions: a statement knows its line and column', () => {
    const parsed = parseRoutine('CREATE PROCEDURE p AS\nBEGIN\n  SET NOCOUNT ON;\n  PRINT 1;\nEND');
    const block = parsed.body[0];
    expect(block?.kind === 'block' ? block.body.map((s) => [s.kind, s.pos.line, s.pos.col]) : []).toEqual([
      ['setOption', 3, 3],
      ['print', 4, 3],
    ]);
  });

  it('ends statements without semicolons where the next one starts', () => {
    const parsed = parseRoutine("CREATE PROCEDURE p @y nvarchar(4) = '1998' AS\nIF @y != '1996' BEGIN SELECT @y = '1998' END\nSELECT Name FROM Orders ORDER BY Name");
    expect(parsed.body.map((s) => s.kind)).toEqual(['if', 'select']);
    expect(parsed.header.kind === 'procedure' ? parsed.header.parameters.map((p) => [p.name, p.default?.kind]) : []).toEqual([['@y', 'string']]);
  });

  it('names the position of what it cannot read', () => {
    expect(() => parseRoutine('CREATE PROCEDURE p AS\nBEGIN\n  SELECT 1 +;\nEND')).toThrow(/at line 3 col 13/);
    expect(() => parseRoutine("CREATE PROCEDURE p AS\n  PRINT 'x;")).toThrow(/unterminated string literal at line 2 col 10/);
  });
});

describe('routine translation', () => {
  it('prints a scalar function of one RETURN as a SQL function, parameters converted to their declared types', () => {
    expect(sql('CREATE FUNCTION dbo.fn_gross (@net decimal(18,2)) RETURNS decimal(18,2) AS BEGIN RETURN @net * 1.2 END')).toBe(
      'CREATE FUNCTION dbo.fn_gross(net numeric(18,2)) RETURNS numeric(18,2) LANGUAGE sql STABLE AS $body$\nSELECT CAST(fn_gross.net AS numeric(18,2)) * 1.2;\n$body$;',
    );
  });

  it('hoists declarations, assigns where T-SQL declared, truncates strings as T-SQL does, and qualifies variables inside queries', () => {
    const text = sql(`CREATE FUNCTION dbo.fn_count (@name nvarchar(50)) RETURNS int AS
BEGIN
  DECLARE @short nvarchar(3) = @name;
  DECLARE @n int;
  SELECT @n = COUNT(*) FROM Orders WHERE Name = @short;
  RETURN @n;
END`);
    expect(text).toContain('DECLARE\n  short varchar(3);\n  n integer;');
    expect(text).toContain('  name := CAST(name AS varchar(50));');
    expect(text).toContain('  short := CAST(name AS varchar(3));');
    expect(text).toContain('  SELECT count(*) FROM dbo.orders WHERE orders.name = fn_count.short INTO n;');
    expect(text).toContain('  RETURN n;');
  });

  it('keeps SELECT @v = ... semantics: the last row wins, no row leaves the variable as it was', () => {
    const text = sql('CREATE PROCEDURE dbo.p @id int AS BEGIN DECLARE @name nvarchar(50); SELECT @name = Name FROM Orders WHERE Id = @id; PRINT @name; END');
    expect(text).toContain('FOR name IN SELECT orders.name FROM dbo.orders WHERE orders.id = p.id LOOP END LOOP;');
    expect(text).toContain("RAISE NOTICE '%', name;");
  });

  it('turns a procedure that returns rows into a function RETURNS TABLE, each column cast to its declared type', () => {
    const text = sql('CREATE PROCEDURE dbo.report @min int AS SET NOCOUNT ON; SELECT Name, Qty * 2 AS Twice, Price FROM Orders WHERE Qty >= @min ORDER BY Name');
    expect(text).toContain('CREATE FUNCTION dbo.report(min integer) RETURNS TABLE(name varchar(50), twice integer, price numeric(18,4)) LANGUAGE plpgsql AS $body$');
    expect(text).toContain('RETURN QUERY SELECT orders.name AS name, CAST(orders.qty * 2 AS integer) AS twice, orders.price AS price FROM dbo.orders WHERE orders.qty >= report.min ORDER BY name ASC NULLS FIRST;');
  });

  it('makes OUTPUT parameters INOUT, a return status INOUT return_status, and SCOPE_IDENTITY() a RETURNING', () => {
    const text = sql(`CREATE PROCEDURE dbo.add_order @name nvarchar(50), @qty int = 1, @id int OUTPUT AS
BEGIN
  IF @qty <= 0 RETURN -1;
  INSERT INTO Orders (Name, Qty) VALUES (@name, @qty);
  SET @id = SCOPE_IDENTITY();
  RETURN 0;
END`);
    expect(text).toContain('CREATE PROCEDURE dbo.add_order(name varchar(50), qty integer DEFAULT 1, INOUT id integer DEFAULT NULL, INOUT return_status integer DEFAULT NULL)');
    expect(text).toContain('  return_status := 0;');
    expect(text).toContain('INSERT INTO dbo.orders (name, qty) VALUES (add_order.name, add_order.qty) RETURNING id INTO _identity;');
    expect(text).toContain('id := CAST(trunc(_identity) AS integer);');
    expect(text).toContain('    return_status := -1;\n    RETURN;');
  });

  it('prints TRY/CATCH as an exception block that reads the error first, and THROW with its number', () => {
    const text = sql(`CREATE PROCEDURE dbo.safe AS
BEGIN
  BEGIN TRY
    THROW 50001, N'bad', 2;
  END TRY
  BEGIN CATCH
    INSERT INTO Log (Name, Qty) VALUES (ERROR_MESSAGE(), ERROR_NUMBER());
    THROW;
  END CATCH
END`);
    expect(text).toContain("RAISE EXCEPTION USING MESSAGE = 'bad', DETAIL = format('SQL Server error %s, state %s', 50001, 2);");
    expect(text).toContain('  EXCEPTION WHEN OTHERS THEN\n    GET STACKED DIAGNOSTICS _sqlstate = RETURNED_SQLSTATE, _error_message = MESSAGE_TEXT, _error_detail = PG_EXCEPTION_DETAIL;');
    expect(text).toContain('VALUES (_error_message, ms2pg.error_number(_sqlstate, _error_detail));');
    expect(text).toContain('    RAISE;');
  });

  it('turns RAISERROR into RAISE with format() placeholders, and below severity 11 into a notice', () => {
    const text = sql("CREATE PROCEDURE dbo.check_qty @qty int AS BEGIN RAISERROR(N'%d left, 100%% sure', 10, 1, @qty); IF @qty < 0 BEGIN RAISERROR(N'negative: %s', 16, 1, @qty); RETURN; END END");
    expect(text).toContain("RAISE NOTICE '%', format('%s left, 100%% sure', qty);");
    expect(text).toContain("RAISE EXCEPTION USING MESSAGE = format('negative: %s', qty), DETAIL = format('SQL Server error %s, state %s', 50000, 1);");
  });

  it('sets @@ROWCOUNT to 0 after PRINT, as T-SQL does', () => {
    expect(sql('CREATE PROCEDURE dbo.p AS BEGIN PRINT 1; PRINT @@ROWCOUNT; END')).toContain("RAISE NOTICE '%', 1;\n  _rowcount := 0;\n  RAISE NOTICE '%', _rowcount;");
  });

  it('captures @@ROWCOUNT right after the statement it counts', () => {
    const text = sql('CREATE PROCEDURE dbo.bump @n int OUTPUT AS BEGIN UPDATE Orders SET Qty = Qty + 1 WHERE Active = 1; SET @n = @@ROWCOUNT; END');
    expect(text).toContain('UPDATE dbo.orders SET qty = orders.qty + 1 WHERE orders.active = true;\n  GET DIAGNOSTICS _rowcount = ROW_COUNT;\n  n := _rowcount;');
  });

  it('turns cursors into PL/pgSQL cursors and @@FETCH_STATUS into FOUND', () => {
    const text = sql(`CREATE PROCEDURE dbo.walk AS
BEGIN
  DECLARE @id int;
  DECLARE c CURSOR LOCAL FAST_FORWARD FOR SELECT Id FROM Orders;
  OPEN c;
  FETCH NEXT FROM c INTO @id;
  WHILE @@FETCH_STATUS = 0 BEGIN PRINT @id; FETCH NEXT FROM c INTO @id; END;
  CLOSE c; DEALLOCATE c;
END`);
    expect(text).toContain('  c NO SCROLL CURSOR FOR SELECT orders.id FROM dbo.orders;');
    expect(text).toContain('FETCH c INTO id;\n  _fetch_status := CASE WHEN FOUND THEN 0 ELSE -1 END;\n  WHILE _fetch_status = 0 LOOP');
  });

  it('gives temporary tables and table variables the routine\'s lifetime', () => {
    const text = sql('CREATE PROCEDURE dbo.tmp AS BEGIN CREATE TABLE #t (n int NOT NULL PRIMARY KEY); DECLARE @v TABLE (n int); INSERT INTO #t (n) SELECT Qty FROM Orders; INSERT INTO @v SELECT n FROM #t; END');
    expect(text).toContain('CREATE TEMP TABLE t (n integer NOT NULL PRIMARY KEY);');
    expect(text).toContain('INSERT INTO pg_temp.v AS v (n) SELECT t.n FROM pg_temp.t AS t;');
    expect(text).toMatch(/DROP TABLE pg_temp\.t;\n {2}DROP TABLE pg_temp\.v;\nEND tmp;/);
  });

  it('commits in a procedure, and uses the exception block as the transaction inside TRY', () => {
    const plain = sql('CREATE PROCEDURE dbo.tx AS BEGIN UPDATE Orders SET Qty = 0; BEGIN TRAN; DELETE FROM Log; COMMIT; END');
    expect(plain).toContain('UPDATE dbo.orders SET qty = 0;\n  COMMIT;\n  DELETE FROM dbo.log;\n  COMMIT;');
    const inTry = sql('CREATE PROCEDURE dbo.tx2 AS BEGIN BEGIN TRY BEGIN TRAN; DELETE FROM Log; COMMIT; END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK; THROW; END CATCH END');
    expect(inTry).not.toMatch(/COMMIT|ROLLBACK/);
    expect(inTry).toContain('_trancount := _trancount + 1;');
  });

  it('attaches a trigger once per event, with the absent transition table read as empty and UPDATE() decided from both', () => {
    const text = sql(
      `CREATE TRIGGER dbo.trg ON dbo.Orders AFTER INSERT, UPDATE AS
BEGIN
  IF UPDATE(Qty)
    INSERT INTO Log (Name, Qty) SELECT i.Name, i.Qty FROM inserted i LEFT JOIN deleted d ON d.Id = i.Id WHERE d.Id IS NULL OR d.Qty <> i.Qty;
END`,
      { triggerTable: { ...orders, isView: false } },
    );
    expect(text).toContain("IF TG_OP = 'INSERT' THEN\n    IF true THEN");
    expect(text).toContain('LEFT JOIN (SELECT * FROM dbo.orders LIMIT 0) AS d');
    expect(text).toContain('IF EXISTS (SELECT qty FROM inserted EXCEPT ALL SELECT qty FROM deleted) THEN');
    expect(text).toContain('CREATE TRIGGER trg_insert AFTER INSERT ON dbo.orders REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION dbo.trg();');
    expect(text).toContain('CREATE TRIGGER trg_update AFTER UPDATE ON dbo.orders REFERENCING NEW TABLE AS inserted OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION dbo.trg();');
  });

  it('calls converted procedures with CALL and named arguments; OUTPUT arguments are assigned back', () => {
    routines.set('add_order', routineSignature(parseRoutine('CREATE PROCEDURE dbo.add_order @name nvarchar(50), @id int OUTPUT AS SET @id = 1'), { schema: 'dbo', name: 'add_order' }));
    const text = sql('CREATE PROCEDURE dbo.caller AS BEGIN DECLARE @id int; EXEC dbo.add_order @name = N\'x\', @id = @id OUTPUT; PRINT @id; END');
    expect(text).toContain("CALL dbo.add_order(name => 'x', id => id);");
  });

  it.each([
    ['CREATE PROCEDURE dbo.p AS BEGIN again: PRINT 1; GOTO again; END', 'goto', 1, 33],
    ['CREATE PROCEDURE dbo.p AS\nBEGIN\n  CREATE TABLE #t (n int);\n  INSERT INTO #t EXEC dbo.other;\nEND', 'insertExec', 4, 18],
    ['CREATE PROCEDURE dbo.p AS BEGIN SELECT Name FROM Orders; SELECT Qty FROM Orders; END', 'twoResultSets', 1, 1],
    ['CREATE PROCEDURE dbo.p AS BEGIN UPDATE Orders SET Qty = 1; RAISERROR(N\'x\', 16, 1); UPDATE Orders SET Qty = 2; END', 'raiserrorContinues', 1, 60],
    ['CREATE PROCEDURE dbo.p AS BEGIN UPDATE Orders SET Qty = 1; IF 1 = 1 PRINT @@ROWCOUNT; END', 'rowcountLate', 1, 69],
    ["CREATE PROCEDURE dbo.p @s nvarchar(100) AS EXEC sp_executesql @s", 'dynamicSql', 1, 44],
    ['CREATE PROCEDURE dbo.p AS BEGIN SAVE TRANSACTION x; END', 'transactionRefused', 1, 33],
    ['CREATE PROCEDURE dbo.p AS UPDATE Orders SET Qty = 1 OUTPUT inserted.Qty', 'outputClause', 1, 53],
    ['CREATE PROCEDURE dbo.p AS BEGIN DECLARE @t int = 0; SELECT @t = @t + Qty FROM Orders; END', 'accumulate', 1, 53],
  ] as const)('refuses %s as %s at line %i col %i', (definition, construct, line, col) => {
    const result = translate(definition);
    expect(result.ok).toBe(false);
    expect(result.uses).toContainEqual(expect.objectContaining({ construct, line, col }));
    expect(CONSTRUCTS[construct].confidence).toBe('refused');
  });

  it('refuses a call of a procedure that commits from inside TRY, where PostgreSQL cannot commit', () => {
    routines.set('commits', routineSignature(parseRoutine('CREATE PROCEDURE dbo.commits AS BEGIN BEGIN TRAN; DELETE FROM Log; COMMIT; END'), { schema: 'dbo', name: 'commits' }));
    const result = translate('CREATE PROCEDURE dbo.p AS BEGIN TRY EXEC dbo.commits; END TRY BEGIN CATCH PRINT 1; END CATCH');
    expect(result.ok ? [] : result.uses.map((u) => u.construct)).toContain('callsCommitting');
  });
});

describe('the construct table', () => {
  it('is the table docs/translation.md shows', () => {
    const docs = readFileSync('docs/translation.md', 'utf8');
    const shown = /<!-- constructs:start -->\n([\s\S]*?)\n<!-- constructs:end -->/.exec(docs)?.[1];
    expect(shown).toBe(renderConstructTable());
  });
});
