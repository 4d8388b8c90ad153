// Writes the JSON Schemas generated from the code into docs/schema/ (npm run schemas).
// A unit test fails when the committed files differ from what the code generates.
import { writeFileSync } from 'node:fs';
import { generatedSchemas } from '../dist/schemas.js';

for (const [path, schema] of Object.entries(generatedSchemas())) {
  writeFileSync(new URL(`../${path}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
