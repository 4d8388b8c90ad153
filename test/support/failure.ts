/** The MigrateError a call throws; anything else (or nothing thrown) fails the test. */
import { MigrateError } from '../../src/errors.js';

export function migrateFailure(run: () => unknown): MigrateError {
  try {
    run();
  } catch (error) {
    if (error instanceof MigrateError) return error;
    throw error;
  }
  throw new Error('expected a MigrateError');
}
