import { describe, expect, it } from 'vitest';
import { rowKeyWhere } from '../../../src/source/mssql/chunk-sql.js';
import { inlineValue, largeValueSource } from '../../../src/source/mssql/read-expressions.js';

describe('reading large values from SQL Server', () => {
  it('reads a value with its row only up to the inline limit, the NULL typed (Babelfish turns an untyped CASE over nvarchar into varchar)', () => {
    expect(inlineValue('[body]', 'nvarchar(max)', 100)).toBe('CASE WHEN DATALENGTH([body]) > 100 THEN CAST(NULL AS nvarchar(max)) ELSE [body] END');
    expect(inlineValue('[scan]', 'image', 100)).toBe('CASE WHEN DATALENGTH(CAST([scan] AS varbinary(max))) > 100 THEN CAST(NULL AS varbinary(max)) ELSE CAST([scan] AS varbinary(max)) END');
    expect(inlineValue('CAST([doc] AS nvarchar(max))', 'xml', 5)).toContain('THEN CAST(NULL AS nvarchar(max))');
    expect(largeValueSource('[memo]', 'text')).toBe('CAST([memo] AS varchar(max))');
    expect(largeValueSource('[memo]', 'dbo.Memo (ntext)')).toBe('CAST([memo] AS nvarchar(max))');
    expect(largeValueSource('[c]', 'varbinary(max)')).toBe('[c]');
  });

  it('finds a row again from its key values as read: numbers, text, binary, temporal text', () => {
    const key = [
      { source: 'id', sourceType: 'int' },
      { source: 'code', sourceType: 'nvarchar(10)' },
      { source: 'hash', sourceType: 'binary(2)' },
      { source: 'at', sourceType: 'datetime2(7)' },
      { source: 'moment', sourceType: 'datetimeoffset(7)' },
      { source: 'on', sourceType: 'bit' },
    ];
    expect(rowKeyWhere(key, [7, "O'Brien", Buffer.from([0xab, 0x01]), '2024-05-01 10:00:00.1234567', '2024-05-01 10:00:00.1234567 +03:00', true])).toBe(
      "[id] = CONVERT(int, N'7') AND [code] = CONVERT(nvarchar(10), N'O''Brien') AND [hash] = CONVERT(binary(2), N'0xab01', 1) AND [at] = CONVERT(datetime2(7), N'2024-05-01 10:00:00.1234567', 121) AND [moment] = CAST(N'2024-05-01 10:00:00.1234567 +03:00' AS datetimeoffset(7)) AND [on] = CONVERT(bit, N'1')",
    );
  });
});
