/**
 * `npm start`: the server from src/, run as JavaScript, with no TypeScript loader at run time.
 *
 * Why: under `node --import tsx`, every module the server loads (ours and the ~1,500 files of its
 * packages) passes tsx's loader hooks, which run on a thread of their own; that cost 0.7–1 s of
 * each start on top of loading the modules themselves. Here src/server/main.ts is bundled once by
 * esbuild (already installed: tsx depends on it; the version is the lockfile's) into
 * node_modules/.agentstack-start/, rebuilt only when a file it was built from changed (a stat of
 * each, a few ms), and imported in this process: no second process, so the signals npm forwards
 * (SIGTERM, SIGINT) reach the server itself. A fresh clone needs no build step: the first start
 * builds (~0.3 s). `npm run build` (tsc → dist/, what the image runs) is separate and unchanged.
 *
 * The bundle keeps the server's semantics: packages stay external (imported from node_modules as
 * before), and each dynamic import is a chunk of its own (splitting), so main.ts still decides
 * whether tracing starts before express, pg and graphql load. The output folder sits two levels
 * below the root, like src/server/: paths resolved from import.meta (schema.graphql) stay right.
 *
 * If the bundle cannot be built or written (no esbuild, a read-only node_modules), it falls back
 * to tsx, as `npm start` ran before, and says so.
 */
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const ENTRY = 'src/server/main.ts';
const OUT = join(ROOT, 'node_modules', '.agentstack-start');
const MANIFEST = join(OUT, 'manifest.json');
/** Bumped when the build options below change: an older bundle is then rebuilt. */
const RECIPE = 3;
/** Chunks of an older build outlive it this long: a server that started just before may still import them. */
const STALE_CHUNK_MS = 10 * 60_000;

let main;
try {
  main = (await freshBundle()) ?? (await build());
} catch (error) {
  process.stderr.write(`npm start: could not bundle the server (${error instanceof Error ? error.message : String(error)}); running it through tsx instead\n`);
}
if (main) {
  await import(pathToFileURL(main).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(ROOT, ENTRY)).href);
}

/** The bundle's entry if every file it was built from (and tsconfig.json, package.json) is unchanged; else null. */
async function freshBundle() {
  let manifest;
  try {
    manifest = JSON.parse(await readFile(MANIFEST, 'utf8'));
  } catch {
    return null;
  }
  if (manifest.recipe !== RECIPE || manifest.node !== process.version || typeof manifest.inputs !== 'object') return null;
  const unchanged = await Promise.all(
    Object.entries(manifest.inputs).map(([file, seen]) =>
      stat(join(ROOT, file)).then(
        (now) => now.mtimeMs === seen.mtimeMs && now.size === seen.size,
        () => false,
      ),
    ),
  );
  return unchanged.every(Boolean) ? join(OUT, manifest.entry) : null;
}

/** Bundles main.ts into OUT and records what it was built from; answers the entry's path. */
async function build() {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRY },
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${process.versions.node.split('.')[0]}`,
    packages: 'external',
    tsconfig: 'tsconfig.json',
    plugins: [requireCommonJs()],
    // `require` for the CommonJS packages (below), in every output file.
    banner: { js: "import { createRequire as __agentstackCreateRequire } from 'node:module'; const require = __agentstackCreateRequire(import.meta.url);" },
    // Function and class names as written (a bundle may rename two same-named functions apart).
    keepNames: true,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  await mkdir(OUT, { recursive: true });
  const entry = result.outputFiles.find((file) => relative(OUT, file.path) === 'main.js');
  if (!entry) throw new Error('esbuild produced no main.js');
  // Chunks first (content-hashed names: a running server's are never overwritten), then the
  // entry and the manifest, each written whole under another name and renamed into place.
  for (const file of result.outputFiles) if (file !== entry) await writeWhole(file.path, file.contents);
  await writeWhole(entry.path, entry.contents);
  const inputs = {};
  // Our files (the packages' shims above are not files), and what decides how they are built.
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.includes(':'));
  for (const file of [...sources, 'tsconfig.json', 'package.json', 'package-lock.json']) {
    const { mtimeMs, size } = await stat(join(ROOT, file));
    inputs[file] = { mtimeMs, size };
  }
  await writeWhole(MANIFEST, JSON.stringify({ recipe: RECIPE, node: process.version, entry: 'main.js', inputs }));
  await pruneChunks(new Set(result.outputFiles.map((file) => file.path)));
  return entry.path;
}

/**
 * CommonJS packages (MikroORM, knex, express, pg, graphql…) are loaded with `require`, not `import`:
 * an ESM import of CommonJS makes Node scan the package's source for its export names (following
 * every re-export: all of MikroORM's files), ~0.3 s of a start spent parsing files twice. The
 * values are the same (`require` returns what the import's default is, and a named import reads a
 * property of it); ESM packages are still imported.
 */
function requireCommonJs() {
  return {
  name: 'require-commonjs',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      // The `require` below: left to Node at run time.
      if (args.namespace === 'commonjs-package') return { path: args.path, external: true };
      // Static imports only: a dynamic import() of a shim would answer just a default (esbuild's
      // chunks), where Node's answers the named exports too.
      if (args.namespace !== 'file' || args.kind !== 'import-statement' || args.path.startsWith('node:') || !isCommonJs(args.path)) return undefined;
      return { path: args.path, namespace: 'commonjs-package' };
    });
    build.onLoad({ filter: /.*/, namespace: 'commonjs-package' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
  };
}

/**
 * Whether `specifier` (a package, from the root) is CommonJS for Node's `import` too: its import
 * entry is CommonJS, or an .mjs wrapper that imports its require entry (MikroORM, pg, ws). Then
 * `require` loads the very module `import` would (one instance); a package with a separate ESM
 * build (Apollo, jose) stays imported.
 */
function isCommonJs(specifier) {
  let imported;
  let required;
  try {
    imported = fileURLToPath(import.meta.resolve(specifier));
    required = requireFromRoot.resolve(specifier);
  } catch {
    return false; // not a file, or not requirable: import it (esbuild reports what is missing)
  }
  if (imported === required) return isCommonJsFile(required);
  if (!imported.endsWith('.mjs')) return false;
  const wrapped = [...readFileSync(imported, 'utf8').matchAll(/from\s+["'](\.[^"']+)["']/g)].map((match) => resolve(dirname(imported), match[1]));
  return wrapped.includes(required) && isCommonJsFile(required);
}

function isCommonJsFile(file) {
  if (file.endsWith('.cjs')) return true;
  if (!file.endsWith('.js')) return false;
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const pkg = readJson(join(dir, 'package.json'));
    if (pkg) return pkg.type !== 'module';
  }
  return true;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

async function writeWhole(path, contents) {
  await mkdir(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, contents);
  await rename(partial, path);
}

/** Chunks of older builds, once no server can still be starting from them. */
async function pruneChunks(current) {
  for (const name of await readdir(OUT)) {
    const path = join(OUT, name);
    if (!name.endsWith('.js') || current.has(path)) continue;
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Date.now() }));
    if (Date.now() - mtimeMs > STALE_CHUNK_MS) await unlink(path).catch(() => {});
  }
}
