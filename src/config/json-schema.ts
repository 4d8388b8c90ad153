/** The config file's JSON Schema, generated from the same declarations the CLI uses (settings.ts). */
import { defaultValue, envNames, type OptionSpec } from './option-spec.js';
import { SETTINGS } from './settings.js';

interface ObjectSchema {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, unknown>;
  description?: string;
  $schema?: string;
  title?: string;
}

export function configJsonSchema(): ObjectSchema {
  const root: ObjectSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'ms2pg configuration (migrate.config.yaml)',
    type: 'object',
    additionalProperties: false,
    properties: {},
  };
  for (const spec of Object.values(SETTINGS) as OptionSpec[]) {
    if (spec.inConfigFile === false) continue;
    const path = spec.key.split('.');
    const leaf = path.pop() ?? spec.key;
    let node = root;
    for (const section of path) {
      node.properties[section] ??= { type: 'object', additionalProperties: false, properties: {} };
      node = node.properties[section] as ObjectSchema;
    }
    const fallback = defaultValue(spec);
    const envText = `Environment: ${envNames(spec).join(', ')}.`;
    const flagText = spec.flag === undefined ? '' : ` Flag: ${spec.flag}.`;
    node.properties[leaf] = {
      ...spec.jsonSchema,
      description: `${spec.description}. ${envText}${flagText}`,
      // A default computed from the machine (e.g. core count) is not a fixed default: leave it out.
      ...(fallback === undefined || typeof spec.default === 'function' ? {} : { default: fallback }),
    };
  }
  return root;
}
