/** T-SQL's precision and scale of decimal arithmetic ("Precision, scale, and length" in the SQL Server docs). */
import { describe, expect, it } from 'vitest';
import { translateExpression } from '../../../src/translate/translator.js';
import { decimalResult, numericResult, parseTypeText } from '../../../src/translate/types.js';

describe('decimal result types', () => {
  it.each([
    ['+', [12, 3], [10, 4], [14, 4]],
    ['-', [5, 2], [5, 5], [9, 5]],
    ['*', [12, 3], [10, 4], [23, 7]],
    ['/', [10, 2], [5, 0], [16, 8]],
    ['%', [10, 2], [5, 1], [6, 2]],
    // Past 38 digits: addition gives up scale for integral digits...
    ['+', [38, 10], [38, 10], [38, 10]],
    ['+', [38, 0], [38, 38], [38, 0]],
    // ...multiplication and division keep at least 6 decimals once the integral part needs more than 32 digits.
    ['*', [38, 10], [38, 10], [38, 6]],
    ['*', [20, 2], [20, 2], [38, 4]],
    ['/', [18, 4], [18, 4], [38, 20]],
    ['/', [38, 0], [10, 0], [38, 6]],
  ] as const)('decimal%s: (%j) and (%j) -> %j', (op, left, right, expected) => {
    expect(decimalResult(op, left, right)).toEqual(expected);
  });

  it('types operands by T-SQL precedence: money with decimal is decimal, with integers money, float wins', () => {
    const t = (text: string) => parseTypeText(text, false);
    expect(numericResult('*', t('decimal(12,3)'), t('smallmoney'))).toMatchObject({ name: 'decimal', precision: 23, scale: 7 });
    expect(numericResult('*', t('money'), t('int'))).toMatchObject({ name: 'money' });
    expect(numericResult('+', t('int'), t('decimal(5,2)'))).toMatchObject({ precision: 13, scale: 2 });
    expect(numericResult('/', t('float'), t('decimal(5,2)'))).toMatchObject({ family: 'float' });
    expect(numericResult('+', t('tinyint'), t('bigint'))).toMatchObject({ name: 'bigint' });
  });

  it('counts an integer constant by its digits, as SQL Server does (1.0 / 3 = 0.333333)', () => {
    const result = translateExpression('computed', '((1.0)/(3))', {});
    expect(result.ok && result.type).toMatchObject({ family: 'decimal', precision: 7, scale: 6 });
  });
});
