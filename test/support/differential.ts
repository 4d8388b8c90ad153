/**
 * Runs a routine's T-SQL original on the TDS server and its conversion on PostgreSQL with the same
 * inputs, after the same data was migrated, and compares what a caller sees: result sets (in order
 * when the routine orders them), OUTPUT parameters and the return status, the error raised (by class
 * and number, not text), the messages (PRINT, RAISERROR below 11), and the state of the tables the
 * routine touches afterwards. Calls run one after another on one connection per side, so both sides
 * go through the same states; a mismatch names the routine, the input set and the first difference.
 */
import mssql from 'mssql';
import pg from 'pg';
import { parseMssqlConnectionString } from '../../src/source/mssql/connection.js';

/** An argument: a value, or a T-SQL and a PostgreSQL literal when the two differ. */
export type Value = string | number | boolean | null;

export interface RoutineCase {
  /** schema.name as in SQL Server. */
  readonly routine: string;
  /** procedure: EXEC / CALL; rows: EXEC / SELECT * FROM (a procedure returning rows); scalar: SELECT f(...); table: SELECT * FROM f(...); dml: statements that fire a trigger. */
  readonly call: 'procedure' | 'rows' | 'scalar' | 'table' | 'dml';
  /** Input sets: named arguments (procedures) or positional ones (functions). */
  readonly inputs?: readonly (Readonly<Record<string, Value>> | readonly Value[])[];
  /** OUTPUT parameters and their T-SQL types. */
  readonly outputs?: Readonly<Record<string, string>>;
  /** For dml: each input set is one statement pair. */
  readonly statements?: readonly { readonly tsql: string; readonly pg: string }[];
  /** Tables compared after every call (schema.table as in SQL Server). */
  readonly tables?: readonly string[];
  /** The routine orders its rows (ORDER BY): compared in order. */
  readonly ordered?: boolean;
  /** Columns whose values differ on Babelfish in a known way: value on Babelfish = f(value of the conversion). */
  readonly babelfish?: Readonly<Record<string, (converted: unknown) => unknown>>;
  /** Numeric columns Babelfish computes differently in a known way, and how far apart the two may be there. */
  readonly babelfishTolerance?: Readonly<Record<string, number>>;
}

export interface Outcome {
  readonly resultSets: readonly (readonly Record<string, unknown>[])[];
  readonly outputs: Readonly<Record<string, unknown>>;
  readonly error: string | null;
  readonly messages: readonly string[];
}

export interface CaseResult {
  readonly routine: string;
  readonly input: number;
  /** Empty when the two sides agree. */
  readonly difference: string;
}

const TIMESTAMP_OID = 1114;
const DATE_OID = 1082;
const NUMERIC_OID = 1700;
const BOOL_OID = 16;

/** The same canonical text for a value from either driver. */
export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString().replace('Z', '');
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(15));
  if (typeof value === 'boolean') return value;
  // uniqueidentifier arrives upper case from SQL Server, uuid lower case from PostgreSQL.
  if (typeof value === 'string') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value.toLowerCase() : value;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return JSON.stringify(value);
}

function pgTimestamp(text: string): string {
  const [date = '', time = '00:00:00'] = text.split(' ');
  const [clock = '', fraction = ''] = time.split('.');
  return `${date}T${clock}.${(fraction + '000').slice(0, 3)}`;
}

/** Every value as PostgreSQL's text: pgRow decides what each becomes. */
const RAW_TEXT = { getTypeParser: () => (value: string): string => value } as unknown as pg.CustomTypesConfig;

const NUMBER_OIDS = new Set([21, 23, 700, 701, NUMERIC_OID]);

/** A PostgreSQL row as the mssql driver gives a SQL Server row: numbers (bigint as text), booleans, timestamps and dates as wall-clock text. */
function pgRow(row: Readonly<Record<string, unknown>>, fields: readonly pg.FieldDef[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = row[field.name];
    if (typeof value !== 'string') out[field.name] = null;
    else if (NUMBER_OIDS.has(field.dataTypeID)) out[field.name] = Number(value);
    else if (field.dataTypeID === BOOL_OID) out[field.name] = value === 't';
    else if (field.dataTypeID === TIMESTAMP_OID) out[field.name] = pgTimestamp(value);
    else if (field.dataTypeID === DATE_OID) out[field.name] = `${value}T00:00:00.000`;
    else out[field.name] = value;
  }
  return out;
}

/** Error classes both sides can name: SQL Server numbers and PostgreSQL SQLSTATEs of the same failure. */
function errorClassFromNumber(number: number): string {
  if (number === 2627 || number === 2601) return 'unique violation';
  if (number === 547) return 'constraint violation';
  if (number === 515) return 'not null violation';
  if (number === 8134) return 'division by zero';
  return `error ${number}`;
}

function errorClassFromPostgres(error: { code?: string; detail?: string }): string {
  const number = /^SQL Server error (\d+)/.exec(error.detail ?? '')?.[1];
  if (number !== undefined) return errorClassFromNumber(Number(number));
  const byState: Readonly<Record<string, string>> = { '23505': 'unique violation', '23503': 'constraint violation', '23514': 'constraint violation', '23502': 'not null violation', '22012': 'division by zero' };
  return byState[error.code ?? ''] ?? `sqlstate ${error.code ?? '?'}`;
}

const tsqlLiteral = (value: Value): string => (value === null ? 'NULL' : typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? '1' : '0') : `N'${value.replace(/'/g, "''")}'`);
// Quoted literals have no type yet, so PostgreSQL resolves them to the parameter types (2 is integer, '2' fits smallint).
const pgLiteral = (value: Value): string => (value === null ? 'NULL' : typeof value === 'boolean' ? String(value) : `'${String(value).replace(/'/g, "''")}'`);
const pgName = (name: string): string => `"${name.toLowerCase().replace(/"/g, '""')}"`;
const pgQualified = (routine: string): string => routine.split('.').map(pgName).join('.');
const tsqlQualified = (routine: string): string => routine.split('.').map((p) => `[${p}]`).join('.');

export class TdsSide {
  private constructor(private readonly pool: mssql.ConnectionPool) {}

  static async connect(url: string): Promise<TdsSide> {
    const s = parseMssqlConnectionString(url);
    const pool = new mssql.ConnectionPool({
      server: s.host ?? 'localhost',
      ...(s.port === undefined ? {} : { port: s.port }),
      database: s.database ?? 'master',
      ...(s.user === undefined ? {} : { user: s.user }),
      ...(s.password === undefined ? {} : { password: s.password }),
      requestTimeout: 60_000,
      // One connection: a transaction an error left open is rolled back on the connection that opened it.
      pool: { max: 1, min: 1 },
      options: { encrypt: s.encrypt ?? true, trustServerCertificate: s.trustServerCertificate ?? false },
    });
    return new TdsSide(await pool.connect());
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async run(batch: string, outputs: readonly string[]): Promise<Outcome> {
    const messages: string[] = [];
    const request = this.pool.request();
    request.on('info', (info: { message: string }) => messages.push(info.message));
    try {
      const result = await request.query(batch);
      const sets = (result.recordsets as unknown as Record<string, unknown>[][]).map((set) => [...set]);
      const outputRow = outputs.length > 0 ? (sets.pop()?.[0] ?? {}) : {};
      return { resultSets: sets, outputs: outputRow, error: null, messages };
    } catch (error) {
      await this.pool.request().batch('IF @@TRANCOUNT > 0 ROLLBACK');
      const number = (error as { number?: number }).number ?? 0;
      return { resultSets: [], outputs: {}, error: errorClassFromNumber(number), messages };
    }
  }

  async table(name: string): Promise<unknown[][]> {
    const result = await this.pool.request().query(`SELECT * FROM ${tsqlQualified(name)}`);
    return result.recordset.map((row: Record<string, unknown>) => Object.values(row).map(canonical));
  }
}

export class PgSide {
  private readonly messages: string[] = [];

  private constructor(private readonly client: pg.Client) {
    client.on('notice', (notice) => this.messages.push(notice.message ?? ''));
  }

  static async connect(url: string): Promise<PgSide> {
    const client = new pg.Client({ connectionString: url, types: RAW_TEXT });
    await client.connect();
    return new PgSide(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  async run(sql: string, rows: boolean): Promise<Outcome> {
    this.messages.length = 0;
    try {
      const results = (await this.client.query<Record<string, unknown>>(sql)) as pg.QueryResult<Record<string, unknown>> | pg.QueryResult<Record<string, unknown>>[];
      // Several statements in one string give one result each: the last one is what the caller sees.
      const result = Array.isArray(results) ? (results[results.length - 1] ?? { rows: [], fields: [] }) : results;
      const messages = [...this.messages];
      const converted = result.rows.map((row) => pgRow(row, result.fields));
      if (!rows) return { resultSets: [], outputs: lowerKeys(converted[0] ?? {}), error: null, messages };
      return { resultSets: [converted], outputs: {}, error: null, messages };
    } catch (error) {
      return { resultSets: [], outputs: {}, error: errorClassFromPostgres(error as { code?: string; detail?: string }), messages: [...this.messages] };
    }
  }

  async table(name: string): Promise<unknown[][]> {
    const result = await this.client.query<Record<string, unknown>>(`SELECT * FROM ${pgQualified(name)}`);
    return result.rows.map((row) => Object.values(pgRow(row, result.fields)).map(canonical));
  }
}

function lowerKeys(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]));
}

function isPositional(input: Readonly<Record<string, Value>> | readonly Value[]): input is readonly Value[] {
  return Array.isArray(input);
}

/** The T-SQL batch and the PostgreSQL statement of one input set. */
function calls(c: RoutineCase, input: Readonly<Record<string, Value>> | readonly Value[]): { tsql: string; pg: string; outputs: string[] } {
  const outputs = Object.keys(c.outputs ?? {});
  if (isPositional(input)) {
    const values = input;
    const tsqlArgs = values.map(tsqlLiteral).join(', ');
    const pgArgs = values.map(pgLiteral).join(', ');
    if (c.call === 'scalar') return { tsql: `SELECT ${tsqlQualified(c.routine)}(${tsqlArgs}) AS value`, pg: `SELECT ${pgQualified(c.routine)}(${pgArgs}) AS value`, outputs: [] };
    return { tsql: `SELECT * FROM ${tsqlQualified(c.routine)}(${tsqlArgs})`, pg: `SELECT * FROM ${pgQualified(c.routine)}(${pgArgs})`, outputs: [] };
  }
  const named = Object.entries(input);
  const tsqlArgs = [...named.map(([k, v]) => `@${k} = ${tsqlLiteral(v)}`), ...outputs.map((o) => `@${o} = @out_${o} OUTPUT`)].join(', ');
  const pgArgs = [...named.map(([k, v]) => `${pgName(k)} => ${pgLiteral(v)}`), ...outputs.map((o) => `${pgName(o)} => NULL`)].join(', ');
  if (c.call === 'rows') return { tsql: `EXEC ${tsqlQualified(c.routine)} ${tsqlArgs}`, pg: `SELECT * FROM ${pgQualified(c.routine)}(${pgArgs})`, outputs: [] };
  const declare = [...Object.entries(c.outputs ?? {}).map(([o, type]) => `@out_${o} ${type}`), '@return_status int'].join(', ');
  const select = ['@return_status AS return_status', ...outputs.map((o) => `@out_${o} AS ${o}`)].join(', ');
  return { tsql: `DECLARE ${declare};\nEXEC @return_status = ${tsqlQualified(c.routine)} ${tsqlArgs};\nSELECT ${select};`, pg: `CALL ${pgQualified(c.routine)}(${pgArgs})`, outputs: ['return_status', ...outputs] };
}

function firstDifference(label: string, tds: readonly unknown[], target: readonly unknown[]): string {
  const length = Math.max(tds.length, target.length);
  for (let i = 0; i < length; i++) {
    const [a, b] = [i < tds.length ? JSON.stringify(tds[i]) : '(none)', i < target.length ? JSON.stringify(target[i]) : '(none)'];
    if (a !== b) return `${label}: row ${i + 1} is ${a} in SQL Server, ${b} in PostgreSQL (${tds.length} and ${target.length} rows)`;
  }
  return '';
}

const rowsOf = (set: readonly Record<string, unknown>[]): unknown[][] => set.map((row) => Object.entries(row).map(([k, v]) => [k.toLowerCase(), canonical(v)]));
const sorted = (rows: unknown[][]): unknown[][] => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

export async function runCase(c: RoutineCase, tds: TdsSide, target: PgSide, babelfish: boolean): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const sets = c.call === 'dml' ? (c.statements ?? []).map((s) => ({ tsql: s.tsql, pg: s.pg, outputs: [] as string[] })) : (c.inputs ?? []).map((input) => calls(c, input));
  for (const [index, call] of sets.entries()) {
    const rows = c.call !== 'procedure' && c.call !== 'dml';
    const [source, converted] = [await tds.run(call.tsql, call.outputs), await target.run(call.pg, rows)];
    const differences: string[] = [];
    if (source.error !== converted.error) differences.push(`error: ${source.error ?? 'none'} in SQL Server, ${converted.error ?? 'none'} in PostgreSQL`);
    if (source.error === null && converted.error === null) {
      const adjust = (rowsIn: unknown[][]): unknown[][] =>
        !babelfish || c.babelfish === undefined ? rowsIn : rowsIn.map((row) => (row as [string, unknown][]).map(([k, v]) => [k, c.babelfish?.[k]?.(v) ?? v]));
      const a = (source.resultSets[0] ?? []).length > 0 || rows ? rowsOf(source.resultSets[0] ?? []) : [];
      const b = adjust(rowsOf(converted.resultSets[0] ?? []));
      const tolerance = babelfish ? (c.babelfishTolerance ?? {}) : {};
      const near = (rowsIn: unknown[][], other: unknown[][]): unknown[][] =>
        rowsIn.map((row, i) => (row as [string, unknown][]).map(([k, v]) => {
          const allowed = tolerance[k];
          const theirs = (other[i] as [string, unknown][] | undefined)?.find(([ok]) => ok === k)?.[1];
          return allowed !== undefined && typeof v === 'number' && typeof theirs === 'number' && Math.abs(v - theirs) <= allowed + 1e-9 ? [k, theirs] : [k, v];
        }));
      const [x, y] = c.ordered === true ? [a, b] : [sorted(a), sorted(b)];
      const diff = firstDifference('rows', x, near(y, x));
      if (diff !== '') differences.push(diff);
      for (const name of call.outputs) {
        const expected = canonical(source.outputs[name]);
        const actual = canonical(converted.outputs[name] ?? (name === 'return_status' ? 0 : undefined));
        if (JSON.stringify(expected) !== JSON.stringify(actual)) differences.push(`output ${name}: ${JSON.stringify(expected)} in SQL Server, ${JSON.stringify(actual)} in PostgreSQL`);
      }
    }
    if (JSON.stringify(source.messages) !== JSON.stringify(converted.messages)) differences.push(`messages: ${JSON.stringify(source.messages)} in SQL Server, ${JSON.stringify(converted.messages)} in PostgreSQL`);
    for (const table of c.tables ?? []) {
      const diff = firstDifference(`table ${table}`, sorted(await tds.table(table)), sorted(await target.table(table)));
      if (diff !== '') differences.push(diff);
    }
    results.push({ routine: c.routine, input: index + 1, difference: differences.join('; ') });
  }
  return results;
}
