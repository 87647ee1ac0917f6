/**
 * Prints the subgraph SDL exactly as routers fetch it from `_service { sdl }`, e.g.
 *   npm run print-sdl > agentstack.graphql && rover subgraph publish … --schema agentstack.graphql
 */
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildAgentStackSchema } from '../src/graphql/schema.js';

process.stdout.write(`${printSubgraphSchema(buildAgentStackSchema())}\n`);
