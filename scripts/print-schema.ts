// Prints the schema built from the Pothos code into schema/schema.graphql (committed; `npm test` checks drift).
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

writeFileSync(new URL('../schema/schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
console.log('wrote schema/schema.graphql');
