import { Migration } from '@mikro-orm/migrations';

/**
 * Event positions instead of a serial: the append writes `transaction id × 1,024 + index`
 * (event-log.ts), so the sequence and its default go. Positions of new events must lie above
 * every existing one; the transaction counter has long passed the number of events in any real
 * log (each event took a transaction of its own), and the check below refuses to go on if not.
 */
export class Migration20261201063941 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "events" alter column "sequence" drop default;`);
    this.addSql(`drop sequence if exists "events_sequence_seq";`);
    this.addSql(`do $$ begin
      if (select coalesce(max("sequence"), 0) from "events") >= pg_current_xact_id()::text::bigint * 1024 then
        raise exception 'events: the newest sequence is above the first new position; contact the maintainers';
      end if;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create sequence if not exists "events_sequence_seq" owned by "events"."sequence";`);
    this.addSql(`select setval('events_sequence_seq', greatest(1, (select max("sequence") from "events")));`);
    this.addSql(`alter table "events" alter column "sequence" set default nextval('events_sequence_seq');`);
  }
}
