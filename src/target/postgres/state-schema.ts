/**
 * The schema of ms2pg's own bookkeeping in the target: applied statements, the copy queue, replayed
 * rejects. It is kept apart from the `ms2pg` schema of the plan, which holds objects migrated columns
 * depend on (collations): `DROP SCHEMA ms2pg_state CASCADE` forgets the progress and never drops data.
 */
export const STATE_SCHEMA = 'ms2pg_state';
