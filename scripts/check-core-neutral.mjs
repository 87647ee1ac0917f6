// Proves the core runs outside Node: bundle every module of src/core (not only the barrel: the
// in-memory store, the rules and the protocol tables are imported directly) for esbuild's
// neutral platform with every Node built-in marked unresolvable, and fail on any import of one.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';

const modules = readdirSync('src/core').filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'));
const entry = modules.map((name) => `export * from './src/core/${name.replace(/\.ts$/, '.js')}';`).join('\n');

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const offenders = [];

const result = await build({
  stdin: { contents: entry, resolveDir: '.', sourcefile: 'all-of-core.ts', loader: 'ts' },
  bundle: true,
  platform: 'neutral',
  format: 'esm',
  write: false,
  logLevel: 'silent',
  plugins: [
    {
      name: 'forbid-node-builtins',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (builtins.has(args.path) || args.path.startsWith('node:')) {
            offenders.push(`${args.importer} imports ${args.path}`);
            return { path: args.path, external: true };
          }
          return undefined;
        });
      },
    },
  ],
});

const code = result.outputFiles[0].text;
for (const name of ['process.', 'Buffer.', '__dirname', 'require(']) {
  if (code.includes(name)) offenders.push(`bundle uses ${name}`);
}
if (offenders.length > 0) {
  console.error(`src/core is not runtime-neutral:\n  ${offenders.join('\n  ')}`);
  process.exit(1);
}
console.log(`src/core (${modules.length} modules) bundles for the neutral platform: ${code.length} bytes, no Node built-ins`);
