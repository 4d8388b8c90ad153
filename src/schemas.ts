/** Every JSON Schema file the project ships, keyed by its path in the repository. */
import { z } from 'zod';
import { configJsonSchema } from './config/json-schema.js';
import { MappingFile } from './mapping/rule-schema.js';
import { Catalog } from './model/catalog.js';
import { Plan } from './plan/plan-model.js';

export function generatedSchemas(): Record<string, unknown> {
  return {
    'docs/schema/migrate.config.schema.json': configJsonSchema(),
    'docs/schema/catalog.schema.json': { ...z.toJSONSchema(Catalog, { target: 'draft-2020-12' }), title: 'ms2pg catalog (catalog.json)' },
    'docs/schema/plan.schema.json': { ...z.toJSONSchema(Plan, { target: 'draft-2020-12' }), title: 'ms2pg migration plan (plan.json)' },
    'mappings/mapping.schema.json': { ...z.toJSONSchema(MappingFile, { target: 'draft-2020-12' }), title: 'ms2pg mapping rules (mappings/*.yaml)' },
  };
}
