// Proves the core runs outside Node: bundle src/core for esbuild's neutral platform with
// every Node built-in marked unresolvable, and fail on any import of one.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const offenders = [];

const result = await build({
  entryPoints: ['src/core/index.ts'],
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
console.log(`src/core bundles for the neutral platform: ${code.length} bytes, no Node built-ins`);
