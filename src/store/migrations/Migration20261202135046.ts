import { Migration } from '@mikro-orm/migrations';

/**
 * MCP sessions (src/core/mcp-sessions.ts): the Streamable HTTP sessions any replica serves.
 * Generated from src/store/entities.ts; ids are `collate "C"` like every identifier.
 */
export class Migration20261202135046 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "mcp_sessions" ("id" text collate "C" not null, "caller_did" text not null, "caller_app" text null, "protocol_version" text null, "subscriptions" jsonb not null, "created_at" timestamptz(3) not null, "last_seen_at" timestamptz(3) not null, constraint "mcp_sessions_pkey" primary key ("id"));`);
    this.addSql(`create index "mcp_sessions_last_seen_at_index" on "mcp_sessions" ("last_seen_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mcp_sessions" cascade;`);
  }

}
