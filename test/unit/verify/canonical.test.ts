import { describe, expect, it } from 'vitest';
import { sourceCanonical, targetCanonical } from '../../../src/verify/canonical.js';

describe('canonical forms', () => {
  it('round a source timestamp half away from zero to the target precision, near 2000 and far from it', () => {
    const source = sourceCanonical('timestamp', 'timestamp(3)');
    const target = targetCanonical('timestamp', 'timestamp(3)');
    expect(source('2024-01-01 00:00:00.1234990')).toBe(target('2024-01-01 00:00:00.123000'));
    expect(source('2024-01-01 00:00:00.1235')).toBe(target('2024-01-01 00:00:00.124000'));
    expect(source('1999-12-31 23:59:59.9995')).toBe(target('1999-12-31 23:59:59.999000'));
    expect(source('1999-12-31 23:59:59.9994')).toBe(target('1999-12-31 23:59:59.999000'));
    expect(source('2000-01-01 00:00:00.0005')).toBe(target('2000-01-01 00:00:00.001000'));
    // Before 2000 the microseconds are negative: away from zero is earlier, as PostgreSQL rounds them.
    expect(source('1999-12-31 23:59:59.9985')).toBe(target('1999-12-31 23:59:59.998000'));
    // Microseconds beyond 2^53 go through BigInt: the same rounding.
    expect(source('0001-01-01 00:00:00.0005')).toBe(target('0001-01-01 00:00:00.000000'));
    expect(source('0001-01-01 00:00:00.0004')).toBe(target('0001-01-01 00:00:00.000000'));
    expect(source('9999-12-31 23:59:59.9994')).toBe(target('9999-12-31 23:59:59.999000'));
    expect(source('2024-01-01 00:00:00.1235')).not.toBe(target('2024-01-01 00:00:00.123000'));
  });

  it('read PostgreSQL years past 9999 and before 1, where rounding and time zones take SQL Server values', () => {
    const source = sourceCanonical('timestamp', 'timestamp(6)');
    const target = targetCanonical('timestamp', 'timestamp(6)');
    expect(source('9999-12-31 23:59:59.9999999')).toBe(target('10000-01-01 00:00:00'));
    expect(source('9999-12-31 23:59:59.9999999')).not.toBe(target('9999-12-31 23:59:59.999999'));
    const utc = sourceCanonical('timestamptz', 'timestamptz(6)');
    expect(utc('0001-01-01 00:00:00.0000000 +14:00')).toBe(targetCanonical('timestamptz', 'timestamptz(6)')('0001-12-31 10:00:00 BC'));
    expect(utc('2024-02-29 00:00:00.0000000 +14:00')).toBe(targetCanonical('timestamptz', 'timestamptz(6)')('2024-02-28 10:00:00'));
  });

  it('read 24:00:00, which time holds and 23:59:59.9999999 rounds to', () => {
    const source = sourceCanonical('time', 'time(6)');
    const target = targetCanonical('time', 'time(6)');
    expect(source('23:59:59.9999999')).toBe(target('24:00:00'));
    expect(source('24:00:00')).toBe(target('24:00:00'));
    expect(source('24:00:00')).not.toBe(target('00:00:00'));
  });

  it('compare integers by value whether the driver gave a number or text', () => {
    const source = sourceCanonical('int8', 'bigint');
    const target = targetCanonical('int8', 'bigint');
    expect(source(42)).toBe(target('42'));
    expect(source('-9223372036854775808')).toBe(target('-9223372036854775808'));
    expect(source(' 7')).toBe('7');
    expect(source(-0)).toBe('0');
  });

  it('compare numerics by digits and scale', () => {
    const source = sourceCanonical('numeric', 'numeric(18,4)');
    const target = targetCanonical('numeric', 'numeric(18,4)');
    expect(source('129298.4234')).toBe(target('129298.4234'));
    expect(source('.5000')).toBe(target('0.5000'));
    expect(source('1.5000')).not.toBe(target('1.5001'));
    expect(source('1.5')).not.toBe(target('1.5000'));
  });
});
