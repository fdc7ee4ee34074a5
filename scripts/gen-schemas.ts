// Writes the JSON schemas derived from src/protocol/'s zod declarations (see scripts/schemas.ts).
// Usage: node --import tsx scripts/gen-schemas.ts
import { writeFileSync } from 'node:fs';
import { GENERATED_SCHEMAS, schemaText } from './schemas';

for (const { file, generate } of GENERATED_SCHEMAS) {
  writeFileSync(file, schemaText(generate()));
  console.log(`wrote ${file}`);
}
