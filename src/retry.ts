/**
 * Faults that pass, and waiting them out: a lost connection, a server restart, an availability-group
 * failover (10-60 s) or an Azure SQL reconfiguration, a deadlock. The copy's workers and verify's
 * lanes retry such failures with exponential backoff and fresh connections for a time budget
 * (`--retry-seconds`, default minutes), measured from the first failure of an outage; anything else
 * fails at once.
 */

const TRANSIENT_PG = /^(08|40001|40P01|53|57P0[123])/;
const TRANSIENT_NODE = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ESOCKET', 'ECONNCLOSED', 'ETIMEOUT', 'ENOTOPEN', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * SQL Server: deadlock victim (1205), database not available yet (4060, 18401 script upgrade mode),
 * availability-group replica not accessible or in transition (976, 978, 983), Azure SQL's transient
 * errors (40613, 40197, 40501, 49918-49920), and transport errors (233, 10053, 10054, 10060, 64).
 */
const TRANSIENT_MSSQL = new Set([1205, 4060, 18401, 976, 978, 983, 40613, 40197, 40501, 49918, 49919, 49920, 233, 10053, 10054, 10060, 64]);
/**
 * What drivers say without a code: pg when the socket closes under a query; a login refused while a
 * server (or Babelfish's PostgreSQL) starts or stops.
 */
const TRANSIENT_MESSAGE = /Connection terminated|is not queryable|the database system is (starting up|shutting down|in recovery mode)|server closed the connection unexpectedly/i;

function transientAlone(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, number, message } = error as { code?: unknown; number?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_PG.test(code) || TRANSIENT_NODE.has(code))) return true;
  if (typeof number === 'number' && TRANSIENT_MSSQL.has(number)) return true;
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}

/** True when the error, or one it wraps (cause, tedious's originalError), is a fault that passes. */
export function isTransient(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let current: unknown = error; typeof current === 'object' && current !== null && !seen.has(current); ) {
    seen.add(current);
    if (transientAlone(current)) return true;
    const { cause, originalError } = current as { cause?: unknown; originalError?: unknown };
    current = originalError ?? cause;
  }
  return false;
}

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 15_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Time left to wait out one outage; `succeeded()` ends the outage. */
export class RetryBudget {
  private outageStarted: number | undefined;
  private waits = 0;

  constructor(private readonly seconds: number) {}

  /**
   * After a transient failure: waits the next backoff (0.5 s, doubling to 15 s, with jitter) and
   * returns true, or returns false at once when the outage has outlasted the budget.
   */
  async waitBeforeRetry(): Promise<boolean> {
    const now = performance.now();
    this.outageStarted ??= now;
    const left = this.outageStarted + this.seconds * 1000 - now;
    if (left <= 0) return false;
    const wait = Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** this.waits) * (0.75 + Math.random() / 2);
    this.waits++;
    await sleep(Math.min(wait, left));
    return true;
  }

  succeeded(): void {
    this.outageStarted = undefined;
    this.waits = 0;
  }
}

/**
 * Opens a connection, waiting out transient failures within the budget; other failures are thrown
 * at once. The budget keeps running: only the work that needed the connection ends the outage.
 */
export async function openWithRetry<T>(open: () => Promise<T>, budget: RetryBudget): Promise<T> {
  for (;;) {
    try {
      return await open();
    } catch (error) {
      if (!isTransient(error) || !(await budget.waitBeforeRetry())) throw error;
    }
  }
}
