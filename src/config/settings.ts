/**
 * Every setting ms2pg understands, declared once. Commands pick the ones they use by key; the config
 * file accepts all of them (except those marked `inConfigFile: false`); docs/schema/migrate.config.schema.json
 * is generated from this list (`npm run schemas`).
 */
import { availableParallelism } from 'node:os';
import { booleanOption, defineOptions, enumOption, integerOption, listOption, stringOption } from './option-spec.js';

export const SETTINGS = defineOptions({
  // Global output controls.
  config: stringOption({
    flag: '--config <file>',
    description: 'config file (default: migrate.config.yaml, .yml or .json in the working directory)',
    env: ['MS2PG_CONFIG'],
    inConfigFile: false,
  }),
  json: booleanOption({ flag: '--json', description: 'print the machine-readable result on stdout (human output goes to stderr)', default: false }),
  quiet: booleanOption({ flag: '--quiet', description: 'print only warnings, errors and the result', default: false }),
  verbose: booleanOption({ flag: '--verbose', description: 'print details, timings and stack traces of failures', default: false }),
  color: booleanOption({ flag: '--no-color', description: 'plain output without colours (NO_COLOR is honoured too)', default: true }),
  lang: enumOption({
    flag: '--lang <language>',
    description: 'language of reports, summaries and errors: en or ru (default: from LC_ALL, LC_MESSAGES or LANG; English unless Russian)',
    choices: ['en', 'ru'] as const,
  }),

  // SQL Server source.
  'source.connection': stringOption({
    flag: '--source <conn>',
    env: ['MS2PG_SOURCE'],
    description:
      'SQL Server connection: URL (mssql://user:pass@host:1433/db?encrypt=true) or ADO.NET string (Server=host,1433;Database=db;User Id=u;Password=p)',
    secret: true,
  }),
  'source.host': stringOption({ flag: '--source-host <host>', description: 'SQL Server host name (overrides the connection string)' }),
  'source.port': integerOption({ flag: '--source-port <port>', description: 'SQL Server TCP port (default 1433)', min: 1, max: 65535 }),
  'source.instance': stringOption({ description: 'named instance (resolved through the SQL Browser service instead of a port)' }),
  'source.database': stringOption({ flag: '--source-database <name>', description: 'source database name' }),
  'source.user': stringOption({ flag: '--source-user <login>', description: 'SQL Server login' }),
  'source.password': stringOption({
    env: ['MS2PG_SOURCE_PASSWORD', 'MSSQL_PASSWORD'],
    description: 'SQL Server password; prefer the MSSQL_PASSWORD environment variable or ${VAR} interpolation over writing it in the file',
    secret: true,
  }),
  'source.encrypt': booleanOption({ description: 'encrypt the TDS connection (TLS); turning it off must be explicit', default: true }),
  'source.trustServerCertificate': booleanOption({
    description: 'accept a server certificate that does not chain to a trusted CA (self-signed test servers)',
    default: false,
  }),
  'source.connectTimeoutSeconds': integerOption({ description: 'seconds to wait for a connection', min: 1, default: 15 }),
  'source.requestTimeoutSeconds': integerOption({
    description: 'seconds a catalog query may run; 0 means no limit (the driver default of 15 s is too short for large catalogs)',
    min: 0,
    default: 0,
  }),

  // PostgreSQL target.
  'target.connection': stringOption({
    flag: '--target <conn>',
    env: ['MS2PG_TARGET'],
    description: 'PostgreSQL connection URL (postgres://user:pass@host:5432/db?sslmode=require); without it the libpq environment (PGHOST, PGUSER, PGPASSWORD, PGDATABASE, ...) is used',
    secret: true,
  }),

  // introspect
  'introspect.out': stringOption({ flag: '--out <file>', description: 'where to write the catalog', default: 'catalog.json' }),
  'introspect.exactCounts': booleanOption({
    flag: '--exact-counts',
    description: 'count rows with COUNT_BIG(*) instead of the catalog estimate (slower on large tables)',
    default: false,
  }),

  // plan
  'plan.catalog': stringOption({ flag: '--catalog <file>', description: 'the catalog written by migrate introspect', default: 'catalog.json' }),
  'plan.out': stringOption({ flag: '--out <dir>', description: 'the plan directory to write', default: 'plan' }),
  'plan.mappings': listOption({ flag: '--mappings <file>', description: 'mapping files tried before the shipped defaults, in order (repeatable)' }),
  'plan.identifiers': enumOption({
    flag: '--identifiers <policy>',
    description: 'identifier policy: preserve (quoted as in the source), lower, or snake; overrides names.policy of the mapping files',
    choices: ['preserve', 'lower', 'snake'] as const,
  }),
  'plan.targetVersion': integerOption({
    flag: '--target-version <major>',
    description: 'major version of the target PostgreSQL, for version-dependent DDL (NULLS NOT DISTINCT needs 15)',
    min: 12,
    default: 16,
  }),

  // apply
  planDir: stringOption({ flag: '--plan <dir>', description: 'the plan directory written by migrate plan', default: 'plan' }),
  retrySeconds: integerOption({
    flag: '--retry-seconds <n>',
    description: 'how long copy and verify wait out a lost connection, server restart or failover (retrying with backoff and new connections) before giving up',
    min: 0,
    default: 300,
  }),
  'apply.phase': enumOption({ flag: '--phase <phase>', description: 'pre-data (before the copy) or post-data (after it)', choices: ['pre-data', 'post-data'] as const }),
  'apply.allowBlockingIssues': booleanOption({ flag: '--allow-blocking-issues', description: 'apply even though the plan has blocking issues', default: false }),
  'apply.jobs': integerOption({ flag: '--jobs <n>', description: 'post-data statements run at once (index builds, validation)', min: 1, default: () => availableParallelism(), defaultHelp: 'CPU cores' }),
  'apply.skip': listOption({ flag: '--skip <id>', description: 'do not run this statement (its id is on its "ms2pg:statement" line in the .sql file); recorded as skipped (repeatable)' }),
  'apply.force': booleanOption({ flag: '--force', description: 'post-data: run although the copy has unfinished or uncopied tables (reported)', default: false }),

  // copy
  'copy.jobs': integerOption({ flag: '--jobs <n>', description: 'copy workers, each a thread with its own source and target connection', min: 1, default: () => availableParallelism(), defaultHelp: 'CPU cores' }),
  'copy.tables': listOption({ flag: '--tables <glob>', description: 'copy only these tables: globs over source or target schema.table (repeatable)' }),
  'copy.onError': enumOption({
    flag: '--on-error <mode>',
    description: 'stop: a refused row fails its chunk; skip-row: refused rows go to the rejects file and the rest is copied',
    choices: ['stop', 'skip-row'] as const,
    default: 'stop',
  }),
  'copy.nul': enumOption({
    flag: '--nul <policy>',
    description: 'U+0000 in text, which PostgreSQL cannot store: reject the row, strip it, or replace it with U+FFFD',
    choices: ['reject', 'strip', 'replace'] as const,
    default: 'reject',
  }),
  'copy.snapshot': booleanOption({ flag: '--snapshot', description: 'read each chunk under SNAPSHOT isolation (ALLOW_SNAPSHOT_ISOLATION must be ON)', default: false }),
  'copy.rowsPerChunk': integerOption({ flag: '--rows-per-chunk <n>', description: 'rows per chunk (default: up to 64 MB of data and four chunks a worker for big tables, never below 50,000 rows)', min: 1000 }),
  'copy.restart': booleanOption({ flag: '--restart', description: 'clear the copy queue and truncate the selected tables before copying', default: false }),
  'copy.truncate': booleanOption({ flag: '--truncate', description: 'empty selected tables that hold rows this copy did not write (otherwise the copy refuses them)', default: false }),
  'copy.worker': booleanOption({ flag: '--worker', description: 'only work on the queue an earlier migrate copy created (scale-out on more machines)', default: false }),
  'copy.rejects': stringOption({ flag: '--rejects <file>', description: 'where refused rows are appended (JSON lines)', default: 'rejects.jsonl' }),
  'copy.toFiles': stringOption({ flag: '--to-files <dir>', description: 'write every chunk to a file in this directory (plus manifest.json) instead of PostgreSQL, for transfer into a closed network; resumable' }),
  'copy.fromFiles': stringOption({ flag: '--from-files <dir>', description: 'load the chunk files of an export (migrate copy --to-files) instead of reading SQL Server; each file is checked against its SHA-256' }),
  'copy.compress': enumOption({ flag: '--compress <method>', description: 'compression of the chunk files with --to-files', choices: ['none', 'gzip'] as const, default: 'gzip' }),
  'copy.replay': stringOption({ flag: '--replay <file>', description: 'load the rows of a rejects file (after a rule or policy fix) instead of copying' }),

  // verify
  'verify.level': enumOption({
    flag: '--level <level>',
    description:
      'count: exact counts and the target schema; checksum: per-range hashes computed in both databases, ranges that differ compared row by row; rows: every row compared on the key, column by column',
    choices: ['count', 'checksum', 'rows'] as const,
    default: 'checksum',
  }),
  'verify.jobs': integerOption({ flag: '--jobs <n>', description: 'key ranges and tables compared at once, each by a thread with its own source and target connection', min: 1, default: () => availableParallelism(), defaultHelp: 'CPU cores' }),
  'verify.tables': listOption({ flag: '--tables <glob>', description: 'verify only these tables: globs over source or target schema.table (repeatable)' }),
  'verify.fromFiles': stringOption({ flag: '--from-files <dir>', description: 'prove the target against the chunk files of an export, with no source connection: counts, file hashes and per-range checksums computed in PostgreSQL' }),
  'verify.junit': stringOption({ flag: '--junit <file>', description: 'also write a JUnit XML report, one test case per table' }),
  'verify.diff': stringOption({ flag: '--diff <file>', description: 'write every difference as one JSON line (table, kind, key, columns)' }),

  // run
  'demo.project': stringOption({ flag: '--project <dir>', description: 'the folder the demo leaves its plan, reports and proof in', default: 'ms2pg-demo' }),
  'run.project': stringOption({ flag: '--project <dir>', description: 'the project folder that keeps every artifact of the run (catalog, plan, rejects, reports, state)', default: 'migration' }),
  'run.dryRun': booleanOption({ flag: '--dry-run', description: 'go as far as the plan and print what would happen', default: false }),

  // Object selection (introspect and the stages after it).
  'include': listOption({ flag: '--include <pattern>', description: 'only objects matching schema, table or schema.table globs (repeatable or comma-separated)' }),
  'exclude': listOption({ flag: '--exclude <pattern>', description: 'skip objects matching schema, table or schema.table globs (repeatable or comma-separated)' }),
});

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends { parse: (raw: unknown) => infer R }
  ? R extends { value: infer V }
    ? V
    : never
  : never;

/** The flags every command that reads SQL Server takes (the rest of source.* comes from file or env). */
export const SOURCE_FLAGS = ['source.connection', 'source.host', 'source.port', 'source.database', 'source.user'] as const satisfies readonly SettingKey[];
