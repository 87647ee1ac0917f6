/**
 * Where database suites run. A target is a Store implementation the same tests run against:
 *  - `memory`: the in-memory store (src/core/memory-store.ts);
 *  - `embedded`: the embedded database (PGlite behind its socket server), in memory;
 *  - `postgres`: a real PostgreSQL server (DATABASE_URL), one fresh schema per opening.
 *
 * `AGENTSTACK_TEST_TARGETS` (a comma list) chooses the targets of a run. Unset: memory and
 * embedded, plus postgres when DATABASE_URL is set. `npm run test:pg` sets it to `postgres`, and
 * then vitest.config.ts runs only the files that open databases through test/helpers.
 */
export type TargetName = 'memory' | 'embedded' | 'postgres';

export const TARGET_NAMES: readonly TargetName[] = ['memory', 'embedded', 'postgres'];

/** The real server for the postgres target; null when DATABASE_URL is not set. */
export const POSTGRES_URL: string | null = process.env.DATABASE_URL?.trim() || null;

export const ACTIVE_TARGETS: ReadonlySet<TargetName> = activeTargets(process.env.AGENTSTACK_TEST_TARGETS);

/** True when this run tests `target` (use with `describe.runIf`). */
export function runsOn(target: TargetName): boolean {
  return ACTIVE_TARGETS.has(target);
}

function activeTargets(setting: string | undefined): ReadonlySet<TargetName> {
  if (!setting?.trim()) return new Set<TargetName>(POSTGRES_URL ? TARGET_NAMES : ['memory', 'embedded']);
  const names = setting.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!TARGET_NAMES.includes(name as TargetName)) {
      throw new Error(`AGENTSTACK_TEST_TARGETS: unknown target ${JSON.stringify(name)} (use ${TARGET_NAMES.join(', ')})`);
    }
  }
  if (names.includes('postgres') && !POSTGRES_URL) {
    throw new Error('AGENTSTACK_TEST_TARGETS names postgres: set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
  }
  return new Set(names as TargetName[]);
}
