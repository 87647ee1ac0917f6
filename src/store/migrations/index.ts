import type { MigrationObject } from '@mikro-orm/core';

/** A checked-in migration: its name, and its class, loaded only when it is about to run. */
export interface MigrationEntry {
  name: string;
  load(): Promise<MigrationObject['class']>;
}

/**
 * Every migration, oldest first. A new migration is a new file here plus one line below;
 * generate its SQL with `npm run migrate -- create` and review it (see scripts/migrate.ts).
 * Loaded lazily: a migration's file imports the Migrator (with umzug, ~0.3 s of modules), which a
 * start with nothing to migrate never needs (orm.ts, `pendingMigrations`).
 */
export const MIGRATIONS: readonly MigrationEntry[] = [
  { name: 'Migration20261130154808', load: async () => (await import('./Migration20261130154808.js')).Migration20261130154808 },
  { name: 'Migration20261201005306', load: async () => (await import('./Migration20261201005306.js')).Migration20261201005306 },
  { name: 'Migration20261201013830', load: async () => (await import('./Migration20261201013830.js')).Migration20261201013830 },
  { name: 'Migration20261201063941', load: async () => (await import('./Migration20261201063941.js')).Migration20261201063941 },
  { name: 'Migration20261202002649', load: async () => (await import('./Migration20261202002649.js')).Migration20261202002649 },
  { name: 'Migration20261202135046', load: async () => (await import('./Migration20261202135046.js')).Migration20261202135046 },
];
