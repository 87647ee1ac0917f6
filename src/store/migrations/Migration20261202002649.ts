import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (src/core/webhooks.ts) and their deliveries, each attempt kept in a jsonb list.
 * Generated from src/store/entities.ts; ids are `collate "C"` like every identifier.
 */
export class Migration20261202002649 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "webhooks" ("id" text collate "C" not null, "owner_did" text not null, "url" text not null, "description" text null, "filter" jsonb null, "active" boolean not null, "created_at" timestamptz(3) not null, "updated_at" timestamptz(3) not null, "disabled_at" timestamptz(3) null, "disabled_reason" text null, "last_success_at" timestamptz(3) null, "consecutive_failures" int not null, "cursor" bigint not null, "secret" text not null, "previous_secret" text null, "previous_secret_expires_at" timestamptz(3) null, "next_attempt_at" timestamptz(3) null, "lease_token" text null, "lease_expires_at" timestamptz(3) null, constraint "webhooks_pkey" primary key ("id"));`);
    this.addSql(`create index "webhooks_owner_did_index" on "webhooks" ("owner_did", "id");`);
    this.addSql(`create index "webhooks_due_index" on "webhooks" ("active", "next_attempt_at");`);

    this.addSql(`create table "webhook_deliveries" ("id" bigserial primary key, "webhook_id" text collate "C" not null, "event_sequence" bigint not null, "event_type" text not null, "status" text not null, "attempts" jsonb not null, "next_attempt_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "round_started_at" timestamptz(3) not null, "completed_at" timestamptz(3) null);`);
    this.addSql(`create index "webhook_deliveries_webhook_id_index" on "webhook_deliveries" ("webhook_id", "id");`);
    this.addSql(`create index "webhook_deliveries_pending_index" on "webhook_deliveries" ("webhook_id", "status", "event_sequence");`);

    this.addSql(`alter table "webhook_deliveries" add constraint "webhook_deliveries_webhook_id_foreign" foreign key ("webhook_id") references "webhooks" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "webhook_deliveries" drop constraint "webhook_deliveries_webhook_id_foreign";`);

    this.addSql(`drop table if exists "webhooks" cascade;`);

    this.addSql(`drop table if exists "webhook_deliveries" cascade;`);
  }

}
