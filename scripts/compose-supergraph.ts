/**
 * Composes a supergraph for docker-compose's Apollo Router (rover's compose downloads a
 * plugin and hangs offline; @apollo/composition is the same composer, from npm).
 *
 *   npm run supergraph                                   # AgentStack alone
 *   npm run supergraph -- coinpay=http://coinpay:4002/graphql=coinpay.graphql …
 *
 * Writes deploy/supergraph.graphql; each extra argument adds a subgraph: name=url=sdl-file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { buildAgentStackSchema } from '../src/graphql/schema.js';

const AGENTSTACK_URL = process.env.AGENTSTACK_ROUTING_URL ?? 'http://agentstack-a:4001/graphql';
const OUTPUT = new URL('../deploy/supergraph.graphql', import.meta.url);

const services = [
  { name: 'agentstack', url: AGENTSTACK_URL, typeDefs: parse(printSubgraphSchema(buildAgentStackSchema())) },
  ...process.argv.slice(2).map((arg) => {
    const [name, url, file] = arg.split('=');
    if (!name || !url || !file) throw new Error(`Expected name=url=sdl-file, got ${JSON.stringify(arg)}`);
    return { name, url, typeDefs: parse(readFileSync(file, 'utf8')) };
  }),
];

const result = composeServices(services);
if (result.errors) {
  for (const error of result.errors) console.error(error.message);
  process.exit(1);
}
writeFileSync(OUTPUT, result.supergraphSdl);
console.log(`Composed ${services.map((s) => s.name).join(', ')} into ${OUTPUT.pathname}`);
