/** Notes shared by several translations, worded once so the plan's report groups them. */
export const NOTE = {
  collation:
    'string comparison: SQL Server ignores trailing spaces and, under a case-insensitive collation (the default), case; PostgreSQL compares exactly unless the column has a case-insensitive collation',
  implicitConversion: 'relies on an implicit conversion in SQL Server, written as an explicit CAST',
} as const;
