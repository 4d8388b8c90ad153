/** T-SQL spelling of a catalog type, for plans and reports: decimal(18,4), nvarchar(max), dbo.Phone. */
import type { TypeRef } from '../model/catalog.js';

export function renderSourceType(type: TypeRef): string {
  const args =
    type.length !== undefined
      ? `(${type.length})`
      : type.precision !== undefined
        ? `(${type.precision},${type.scale ?? 0})`
        : type.scale !== undefined
          ? `(${type.scale})`
          : '';
  const base = `${type.name}${args}`;
  return type.alias === undefined ? base : `${type.alias.schema}.${type.alias.name} (${base})`;
}
