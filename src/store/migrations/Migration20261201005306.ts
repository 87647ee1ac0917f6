import { Migration } from '@mikro-orm/migrations';

/**
 * Agents get a version, like tasks: re-registrations are conditional on the version they were
 * derived from, so two partial updates at once cannot lose each other's fields. Generated from
 * src/store/entities.ts; existing profiles start at version 1 (the default exists only while the
 * column is added, so the schema stays equal to the entities).
 */
export class Migration20261201005306 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agents" add column "version" int not null default 1;`);
    this.addSql(`alter table "agents" alter column "version" drop default;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "agents" drop column "version";`);
  }
}
