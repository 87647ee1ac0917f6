/**
 * The subgraph SDL exactly as routers fetch it from `_service { sdl }` (schema.graphql as the
 * subgraph serves it), for `rover subgraph publish`/`check` and composition elsewhere:
 *
 *   npm run print-sdl -- agentstack.graphql     writes the file; nothing else goes to stdout
 *   npm run -s print-sdl > agentstack.graphql   the same through stdout: `-s` (--silent) keeps npm's
 *                                               "> agentstack@… print-sdl" banner out of the file
 *   rover subgraph publish … --schema agentstack.graphql
 *
 * Without `-s`, `npm run print-sdl > file` would put npm's banner into the file (unparsable).
 */
import { writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildAgentStackSchema } from '../src/graphql/schema.js';

const args = process.argv.slice(2);
if (args.length > 1 || args[0] === '--help' || args[0] === '-h' || (args[0] !== undefined && args[0].startsWith('-'))) {
  process.stderr.write('usage: npm run print-sdl -- [FILE]   (no FILE: the SDL goes to stdout; use npm run -s to redirect it)\n');
  process.exit(args[0] === '--help' || args[0] === '-h' ? 0 : 2);
}

const sdl = `${printSubgraphSchema(buildAgentStackSchema())}\n`;
const file = args[0];
if (file === undefined) {
  process.stdout.write(sdl);
} else {
  writeFileSync(file, sdl);
  process.stderr.write(`print-sdl: wrote ${file} (${Buffer.byteLength(sdl)} bytes)\n`);
}
