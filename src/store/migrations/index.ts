import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261130154808 } from './Migration20261130154808.js';
import { Migration20261201005306 } from './Migration20261201005306.js';
import { Migration20261201013830 } from './Migration20261201013830.js';
import { Migration20261201063941 } from './Migration20261201063941.js';

/**
 * Every migration, oldest first. A new migration is a new file here plus one line below;
 * generate its SQL with `npm run migrate -- create` and review it (see scripts/migrate.ts).
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261130154808', class: Migration20261130154808 },
  { name: 'Migration20261201005306', class: Migration20261201005306 },
  { name: 'Migration20261201013830', class: Migration20261201013830 },
  { name: 'Migration20261201063941', class: Migration20261201063941 },
];
