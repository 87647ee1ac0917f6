import { Migration } from '@mikro-orm/migrations';

/**
 * Authorization: an agent's owner, a grant's grantor (existing grants were all made by their
 * owners), the index that revocation walks a grant's descendants by, and the app keys table
 * (only SHA-256 hashes of keys). Generated from src/store/entities.ts; the grantor is filled in
 * before it becomes NOT NULL, and key ids are `collate "C"` like every identifier.
 */
export class Migration20261201013830 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "api_keys" ("id" text collate "C" not null, "key_hash" text not null, "source_app" text not null, "may_act_for" jsonb not null, "created_at" timestamptz(3) not null, "revoked_at" timestamptz(3) null, constraint "api_keys_pkey" primary key ("id"));`);

    this.addSql(`alter table "agents" add column "owner_did" text null;`);

    this.addSql(`alter table "delegation_grants" add column "grantor_did" text null;`);
    this.addSql(`update "delegation_grants" set "grantor_did" = "owner_did";`);
    this.addSql(`alter table "delegation_grants" alter column "grantor_did" set not null;`);
    this.addSql(`create index "delegation_grants_parent_grant_id_index" on "delegation_grants" ("parent_grant_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_keys" cascade;`);
    this.addSql(`alter table "agents" drop column "owner_did";`);
    this.addSql(`drop index "delegation_grants_parent_grant_id_index";`);
    this.addSql(`alter table "delegation_grants" drop column "grantor_did";`);
  }
}
