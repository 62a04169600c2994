/**
 * Writes docs/agent-protocol.schema.json from the zod schemas in shared/agent
 * (`npm run docs:agent`). test/unit/agent/protocol-schema-doc.test.ts fails
 * when the committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { agentProtocolJsonSchema } from '../shared/agent/json-schema';

export const SCHEMA_PATH = fileURLToPath(new URL('../docs/agent-protocol.schema.json', import.meta.url));

export function schemaText(): string {
  return `${JSON.stringify(agentProtocolJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, schemaText());
  console.log(`wrote ${SCHEMA_PATH}`);
}
