import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail (电子监察): one append-only, hash-chained record per request. A trigger refuses UPDATE, DELETE
 * and TRUNCATE; the chain (each record's hash covers its content and the previous record's hash) shows any
 * change made with the trigger disabled.
 */
export class Migration20261127000003 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE audit_record (
        seq                    bigint PRIMARY KEY,
        request_id             text NOT NULL,
        recorded_at            timestamptz NOT NULL,
        client_id              text,
        department_code        text,
        end_user               text,
        case_id                text,
        http_method            text NOT NULL,
        path                   text NOT NULL,
        operation_name         text,
        operation_type         text,
        document_hash          text,
        coordinates_returned   text[] NOT NULL DEFAULT '{}',
        coordinates_masked     text[] NOT NULL DEFAULT '{}',
        coordinates_denied     text[] NOT NULL DEFAULT '{}',
        rows_per_resource      jsonb NOT NULL DEFAULT '{}',
        grant_ids              bigint[] NOT NULL DEFAULT '{}',
        outcome                text NOT NULL CHECK (outcome IN
                                 ('ANSWERED', 'PARTLY_DENIED', 'DENIED', 'UNAUTHENTICATED', 'MALFORMED', 'OVER_LIMIT', 'FAILED')),
        http_status            integer NOT NULL,
        error_codes            text[] NOT NULL DEFAULT '{}',
        duration_ms            double precision NOT NULL,
        variables              jsonb,
        prev_hash              text NOT NULL,
        hash                   text NOT NULL UNIQUE
      );
      -- auditRecords filters (newest first, by seq) and the time-range scans of statistics and verification.
      CREATE INDEX audit_record_time_idx ON audit_record (recorded_at, seq);
      CREATE INDEX audit_record_department_idx ON audit_record (department_code, seq);
      CREATE INDEX audit_record_client_idx ON audit_record (client_id, seq);
      CREATE INDEX audit_record_outcome_idx ON audit_record (outcome, seq);
      CREATE INDEX audit_record_coordinates_idx ON audit_record USING gin (coordinates_returned);
      -- "Which records read resource X" (jsonb ? / ?|): the default jsonb operator class supports key tests.
      CREATE INDEX audit_record_resources_idx ON audit_record USING gin (rows_per_resource);

      CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit records are append-only: % refused on %', TG_OP, TG_TABLE_NAME;
      END $$;
      CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
        FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
      CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
      -- The directory's change log is append-only and hash-chained too (audit/change-log.ts).
      ALTER TABLE directory_change ADD COLUMN prev_hash text, ADD COLUMN hash text UNIQUE;
      CREATE TRIGGER directory_change_append_only BEFORE UPDATE OR DELETE ON directory_change
        FOR EACH ROW EXECUTE FUNCTION refuse_audit_change();
      CREATE TRIGGER directory_change_no_truncate BEFORE TRUNCATE ON directory_change
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();
    `);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TABLE audit_record; DROP TRIGGER directory_change_append_only ON directory_change;
      DROP TRIGGER directory_change_no_truncate ON directory_change; DROP FUNCTION refuse_audit_change();`);
  }
}
