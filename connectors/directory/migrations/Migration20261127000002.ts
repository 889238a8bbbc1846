import { Migration } from '@mikro-orm/migrations';

/**
 * The directory proper (一套目录): client apps and their signing keys, the resource catalogue with its items,
 * grants, and sharing requests reviewed item by item.
 */
export class Migration20261127000002 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE TABLE client (
        client_id        text PRIMARY KEY CHECK (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
        name             text NOT NULL,
        role             text NOT NULL CHECK (role IN ('ADMIN', 'DEPARTMENT', 'AUDITOR')),
        department_code  text REFERENCES department (code),
        secret_hash      text NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        created_by       text NOT NULL,
        disabled_at      timestamptz,
        disabled_reason  text,
        -- A department app acts for exactly one department; administrators and auditors for none.
        CHECK ((role = 'DEPARTMENT') = (department_code IS NOT NULL))
      );
      CREATE INDEX client_department_idx ON client (department_code, client_id);

      -- Token signing keys. The newest active key signs; every key not yet retired past the token lifetime is
      -- published in the JWKS so tokens it signed stay verifiable after a rotation.
      CREATE TABLE signing_key (
        kid          text PRIMARY KEY,
        alg          text NOT NULL,
        public_jwk   jsonb NOT NULL,
        private_jwk  jsonb NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        retired_at   timestamptz
      );

      CREATE TABLE resource (
        code                      text PRIMARY KEY,
        name                      text NOT NULL,
        summary                   text NOT NULL,
        provider_department_code  text NOT NULL REFERENCES department (code),
        source                    text NOT NULL,
        graphql_type              text NOT NULL,
        share_type                text NOT NULL CHECK (share_type IN ('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED')),
        sharing_conditions        text NOT NULL DEFAULT '',
        legal_basis               text NOT NULL DEFAULT '',
        open_to_public            boolean NOT NULL DEFAULT false,
        update_cycle              text NOT NULL
      );
      CREATE INDEX resource_provider_idx ON resource (provider_department_code, code);

      CREATE TABLE resource_item (
        coordinate     text PRIMARY KEY CHECK (coordinate ~ '^[A-Z][A-Za-z0-9]*\\.[a-z][A-Za-z0-9]*$'),
        resource_code  text NOT NULL REFERENCES resource (code),
        name           text NOT NULL,
        share_type     text NOT NULL CHECK (share_type IN ('UNCONDITIONAL', 'CONDITIONAL', 'NOT_SHARED')),
        sensitivity    text NOT NULL CHECK (sensitivity IN ('PLAIN', 'PERSON_NAME', 'ID_NUMBER', 'PHONE', 'ADDRESS'))
      );
      CREATE INDEX resource_item_resource_idx ON resource_item (resource_code, coordinate);

      CREATE TABLE access_grant (
        id                        bigserial PRIMARY KEY,
        consumer_department_code  text NOT NULL REFERENCES department (code),
        -- Null: every app of the department; set: that app only.
        consumer_client_id        text REFERENCES client (client_id),
        resource_code             text NOT NULL REFERENCES resource (code),
        items                     text[] NOT NULL CHECK (cardinality(items) > 0),
        purpose                   text NOT NULL CHECK (purpose <> ''),
        -- Null: all rows; otherwise the district codes whose rows the grant covers.
        district_scope            text[],
        clear_sensitive           boolean NOT NULL DEFAULT false,
        valid_from                timestamptz NOT NULL DEFAULT now(),
        valid_until               timestamptz,
        request_id                bigint,
        created_at                timestamptz NOT NULL DEFAULT now(),
        created_by                text NOT NULL,
        ended_at                  timestamptz,
        ended_by                  text,
        end_reason                text,
        CHECK (valid_until IS NULL OR valid_until > valid_from)
      );
      CREATE INDEX access_grant_consumer_idx ON access_grant (consumer_department_code, id);
      CREATE INDEX access_grant_resource_idx ON access_grant (resource_code, id);
      CREATE INDEX access_grant_valid_until_idx ON access_grant (valid_until) WHERE ended_at IS NULL;

      CREATE TABLE sharing_request (
        id                         bigserial PRIMARY KEY,
        requester_department_code  text NOT NULL REFERENCES department (code),
        requester_client_id        text NOT NULL REFERENCES client (client_id),
        resource_code              text NOT NULL REFERENCES resource (code),
        purpose                    text NOT NULL CHECK (purpose <> ''),
        legal_basis                text NOT NULL CHECK (legal_basis <> ''),
        district_scope             text[],
        wanted_from                timestamptz NOT NULL,
        wanted_until               timestamptz,
        deadline                   date NOT NULL,
        status                     text NOT NULL CHECK (status IN ('PENDING', 'DECIDED')),
        created_at                 timestamptz NOT NULL DEFAULT now(),
        decided_at                 timestamptz
      );
      CREATE INDEX sharing_request_requester_idx ON sharing_request (requester_department_code, id);
      CREATE INDEX sharing_request_resource_idx ON sharing_request (resource_code, id);
      CREATE INDEX sharing_request_pending_idx ON sharing_request (deadline, id) WHERE status = 'PENDING';

      CREATE TABLE sharing_request_item (
        request_id   bigint NOT NULL REFERENCES sharing_request (id),
        coordinate   text NOT NULL REFERENCES resource_item (coordinate),
        decision     text NOT NULL CHECK (decision IN ('PENDING', 'APPROVED', 'REJECTED')),
        reason       text,
        reviewed_by  text,
        reviewed_at  timestamptz,
        PRIMARY KEY (request_id, coordinate),
        -- A refusal must say why.
        CHECK (decision <> 'REJECTED' OR coalesce(reason, '') <> '')
      );

      -- Every change to the directory: who, what, why, before and after.
      CREATE TABLE directory_change (
        id          bigserial PRIMARY KEY,
        changed_at  timestamptz NOT NULL DEFAULT now(),
        actor       text NOT NULL,
        action      text NOT NULL,
        subject     text NOT NULL,
        reason      text NOT NULL,
        old_value   jsonb,
        new_value   jsonb
      );
      CREATE INDEX directory_change_subject_idx ON directory_change (subject, id);
    `);
  }

  override async down(): Promise<void> {
    this.addSql(
      `DROP TABLE directory_change, sharing_request_item, sharing_request, access_grant, resource_item, resource, signing_key, client;`,
    );
  }
}
