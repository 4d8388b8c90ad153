import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedSchemas } from '../../src/schemas.js';

describe('shipped JSON Schemas', () => {
  it.each(Object.entries(generatedSchemas()))('%s matches the code (run `npm run schemas` after changing it)', (path, schema) => {
    const committed: unknown = JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'));
    expect(committed).toEqual(schema);
  });

  it('config schema has every config key with its type, bounds and default', () => {
    const schema = generatedSchemas()['docs/schema/migrate.config.schema.json'] as {
      properties: { source: { properties: Record<string, Record<string, unknown>> } };
    };
    const port = schema.properties.source.properties.port;
    expect(port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535 });
    expect(schema.properties.source.properties.encrypt).toMatchObject({ type: 'boolean', default: true });
    expect(JSON.stringify(schema)).not.toContain('"config"');
  });
});
