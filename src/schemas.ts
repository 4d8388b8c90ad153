/** Every JSON Schema file the project ships, keyed by its path in the repository. */
import { z } from 'zod';
import { configJsonSchema } from './config/json-schema.js';
import { Catalog } from './model/catalog.js';

export function generatedSchemas(): Record<string, unknown> {
  return {
    'docs/schema/migrate.config.schema.json': configJsonSchema(),
    'docs/schema/catalog.schema.json': {
      ...z.toJSONSchema(Catalog, { target: 'draft-2020-12' }),
      title: 'ms2pg catalog (catalog.json)',
    },
  };
}
