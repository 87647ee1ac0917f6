// The layers of src point one way: server → graphql → core ← store. This check reads every
// import (type-only and re-exports included) of every file under src and fails on one that
// crosses a wall: the core imports nothing outside itself (no package, no Node built-in), the
// store and the GraphQL layer import only the core and packages, and nothing imports the server.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Which layers (folders of src) each layer may import; `packages` says whether npm packages are allowed. */
const RULES = {
  core: { layers: ['core'], packages: false },
  store: { layers: ['core', 'store'], packages: true },
  graphql: { layers: ['core', 'graphql'], packages: true },
  server: { layers: ['core', 'store', 'graphql', 'server', 'mcp', 'client'], packages: true },
  client: { layers: ['client'], packages: true },
  // The agentstack CLI is a client of the API like any other app: it speaks only through src/client.
  cli: { layers: ['cli', 'client', 'mcp'], packages: true },
  // The MCP server speaks to AgentStack through the client's documents; the core gives it the lifecycle table.
  mcp: { layers: ['mcp', 'client', 'core'], packages: true },
};

const SRC = resolve('src');
const violations = [];
let checked = 0;

for (const file of sourceFiles(SRC)) {
  const layer = relative(SRC, file).split(/[\\/]/)[0];
  const rule = RULES[layer];
  if (!rule) {
    violations.push(`${relative('.', file)}: src/${layer} is not a known layer (add it to scripts/check-layers.mjs)`);
    continue;
  }
  checked++;
  // Imports, re-exports and import() calls; not require(): a method named require is not an import.
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, false);
  for (const { fileName: specifier } of importedFiles) {
    if (specifier.startsWith('.')) {
      const target = resolve(dirname(file), specifier);
      const targetLayer = relative(SRC, target).split(/[\\/]/)[0];
      if (target.startsWith(SRC + '/') ? !rule.layers.includes(targetLayer) : true) {
        violations.push(`${relative('.', file)} imports ${specifier}: src/${layer} may import ${rule.layers.map((l) => `src/${l}`).join(', ')}`);
      }
    } else if (!rule.packages) {
      violations.push(`${relative('.', file)} imports ${specifier}: src/${layer} imports nothing outside itself`);
    }
  }
}

if (violations.length > 0) {
  console.error(`Layer violations (server → graphql → core ← store):\n  ${violations.join('\n  ')}`);
  process.exit(1);
}
console.log(`Layers hold (server → graphql → core ← store): ${checked} files checked`);

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}
