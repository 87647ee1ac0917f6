import { Migration } from '@mikro-orm/migrations';

/**
 * The initial schema: agents, tasks, delegation grants and the event log.
 * Generated from src/store/entities.ts, then edited by hand for what MikroORM 6 cannot say:
 *  - names are unqualified, so the tables land in the schema on the search path (the store
 *    sets it per connection; tests use one schema per file);
 *  - identifier columns are `collate "C"`: keyset pages must follow the byte order the
 *    in-memory store's string comparison gives, and the indexes must agree with it.
 */
export class Migration20261130154808 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "agents" ("did" text collate "C" not null, "name" text not null, "source_app" text not null, "supported_protocols" jsonb not null, "inbox_url" text null, "task_endpoint" text null, "reputation_score" double precision null, "metadata" jsonb not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, constraint "agents_pkey" primary key ("did"));`);
    this.addSql(`create index "agents_source_app_index" on "agents" ("source_app");`);

    this.addSql(`create table "delegation_grants" ("id" text collate "C" not null, "owner_did" text not null, "agent_did" text not null, "scopes" jsonb not null, "expires_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "revoked_at" timestamptz(3) null, "parent_grant_id" text collate "C" null, constraint "delegation_grants_pkey" primary key ("id"));`);
    this.addSql(`create index "delegation_grants_owner_did_index" on "delegation_grants" ("owner_did", "created_at", "id");`);
    this.addSql(`create index "delegation_grants_agent_did_index" on "delegation_grants" ("agent_did", "created_at", "id");`);
    this.addSql(`alter table "delegation_grants" add constraint "delegation_grants_parent_grant_id_foreign" foreign key ("parent_grant_id") references "delegation_grants" ("id") on update cascade on delete restrict;`);

    this.addSql(`create table "events" ("sequence" bigserial primary key, "type" text not null, "task_id" text null, "owner_did" text null, "assignee_did" text null, "agent_did" text null, "grant_id" text null, "actor_did" text null, "occurred_at" timestamptz(3) not null, "payload" jsonb not null);`);
    this.addSql(`create index "events_task_id_index" on "events" ("task_id", "sequence");`);
    this.addSql(`create index "events_owner_did_index" on "events" ("owner_did", "sequence");`);
    this.addSql(`create index "events_assignee_did_index" on "events" ("assignee_did", "sequence");`);
    this.addSql(`create index "events_agent_did_index" on "events" ("agent_did", "sequence");`);
    this.addSql(`create index "events_grant_id_index" on "events" ("grant_id", "sequence");`);

    this.addSql(`create table "tasks" ("id" text collate "C" not null, "owner_did" text not null, "assignee_did" text null, "source_app" text not null, "title" text not null, "description" text null, "status" text not null, "payment_intent_id" text null, "escrow_id" text null, "reputation_event_id" text null, "metadata" jsonb not null, "published" boolean not null default false, "published_at" timestamptz(3) null, "gig_id" text null, "version" int not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "idempotency_key" text null, "idempotency_fingerprint" text null, constraint "tasks_pkey" primary key ("id"));`);
    this.addSql(`create index "tasks_created_at_id_index" on "tasks" ("created_at", "id");`);
    this.addSql(`create index "tasks_owner_did_index" on "tasks" ("owner_did", "created_at", "id");`);
    this.addSql(`create index "tasks_assignee_did_index" on "tasks" ("assignee_did", "created_at", "id");`);
    this.addSql(`create index "tasks_status_index" on "tasks" ("status", "created_at", "id");`);
    this.addSql(`create index "tasks_source_app_index" on "tasks" ("source_app", "created_at", "id");`);
    this.addSql(`create index "tasks_published_status_index" on "tasks" ("published", "status", "created_at", "id");`);
    this.addSql(`alter table "tasks" add constraint "tasks_owner_did_idempotency_key_unique" unique ("owner_did", "idempotency_key");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "tasks" cascade;`);
    this.addSql(`drop table if exists "events" cascade;`);
    this.addSql(`drop table if exists "delegation_grants" cascade;`);
    this.addSql(`drop table if exists "agents" cascade;`);
  }
}
