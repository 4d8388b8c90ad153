import { describe, expect, it } from 'vitest';
import { MigrateError } from '../../src/errors.js';
import { isTransient, openWithRetry, RetryBudget } from '../../src/retry.js';

const withCode = (code: string): Error => Object.assign(new Error('x'), { code });

describe('transient faults', () => {
  it('knows lost connections, restarts, failovers and deadlocks from either driver', () => {
    expect(isTransient(withCode('ECONNRESET'))).toBe(true);
    expect(isTransient(withCode('ESOCKET'))).toBe(true);
    expect(isTransient(withCode('57P01'))).toBe(true); // admin shutdown
    expect(isTransient(withCode('40P01'))).toBe(true); // deadlock
    expect(isTransient(Object.assign(new Error('x'), { number: 1205 }))).toBe(true);
    expect(isTransient(Object.assign(new Error('x'), { number: 976 }))).toBe(true); // AG replica not accessible
    expect(isTransient(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransient(Object.assign(new Error('the database system is starting up'), { code: 'ELOGIN' }))).toBe(true);
  });

  it('looks through wrappers: a connection error explained as a MigrateError, tedious originalError', () => {
    const explained = new MigrateError('TARGET_CONNECT_FAILED', 'connection', 'PostgreSQL x: connection refused', { cause: withCode('ECONNREFUSED') });
    expect(isTransient(explained)).toBe(true);
    expect(isTransient(Object.assign(new Error('request failed'), { originalError: withCode('ECONNRESET') }))).toBe(true);
  });

  it('does not retry what will fail again: a wrong password, a refused value, a bug', () => {
    expect(isTransient(Object.assign(new Error('Login failed for user'), { code: 'ELOGIN' }))).toBe(false);
    expect(isTransient(withCode('28P01'))).toBe(false);
    expect(isTransient(withCode('22P02'))).toBe(false);
    expect(isTransient(new TypeError('undefined is not a function'))).toBe(false);
  });
});

describe('retry budget', () => {
  it('waits while the outage is within the budget, then gives up; success ends the outage', async () => {
    const budget = new RetryBudget(0.3);
    expect(await budget.waitBeforeRetry()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await budget.waitBeforeRetry()).toBe(false);
    budget.succeeded();
    expect(await budget.waitBeforeRetry()).toBe(true);
  });

  it('opens after transient failures, and throws the first failure that is not transient', async () => {
    let calls = 0;
    const opened = await openWithRetry(() => (++calls < 3 ? Promise.reject(withCode('ECONNREFUSED')) : Promise.resolve('open')), new RetryBudget(30));
    expect([opened, calls]).toEqual(['open', 3]);
    await expect(openWithRetry(() => Promise.reject(withCode('28P01')), new RetryBudget(30))).rejects.toMatchObject({ code: '28P01' });
  });
});
