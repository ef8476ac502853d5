import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Departments, API tokens, registry entries with immutable published versions, typed relations,
 * the append-only audit log and the search outbox.
 */
export class CreateRegistry1764205200000 implements MigrationInterface {
  name = 'CreateRegistry1764205200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE department (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        name_sv text NOT NULL,
        name_en text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE api_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        label text NOT NULL,
        role text NOT NULL CHECK (role IN ('EDITOR', 'REVIEWER', 'AUDITOR', 'ADMIN')),
        department_id uuid REFERENCES department (id),
        secret_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by_label text NOT NULL,
        revoked_at timestamptz,
        last_used_at timestamptz,
        CHECK ((role = 'EDITOR') = (department_id IS NOT NULL))
      )`);
    await q.query('CREATE INDEX api_token_department_idx ON api_token (department_id)');

    await q.query(`
      CREATE TABLE entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('ALGORITHM', 'DATASET', 'IOT_DEPLOYMENT')),
        department_id uuid NOT NULL REFERENCES department (id),
        status text NOT NULL CHECK (status IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'RETIRED')),
        version integer NOT NULL DEFAULT 1,
        current_version_id uuid,
        published_version_id uuid,
        first_published_at timestamptz,
        last_published_at timestamptz,
        retired_at timestamptz,
        retirement_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX entry_department_idx ON entry (department_id, updated_at DESC, id DESC)',
    );
    await q.query('CREATE INDEX entry_kind_idx ON entry (kind)');
    await q.query('CREATE INDEX entry_status_idx ON entry (status)');
    await q.query('CREATE INDEX entry_updated_idx ON entry (updated_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX entry_published_idx ON entry (published_version_id) WHERE published_version_id IS NOT NULL',
    );

    await q.query(`
      CREATE TABLE entry_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        department_id uuid NOT NULL REFERENCES department (id),
        number integer NOT NULL CHECK (number > 0),
        state text NOT NULL CHECK (state IN ('DRAFT', 'IN_REVIEW', 'PUBLISHED', 'SUPERSEDED')),
        content jsonb NOT NULL,
        title text NOT NULL,
        lifecycle_stage text,
        theme text,
        risk_class text,
        ai_act_class text,
        personal_data text,
        review_due_date date,
        principle_codes text[] NOT NULL DEFAULT '{}',
        change_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        created_by_label text NOT NULL,
        updated_by_label text NOT NULL,
        submitted_at timestamptz,
        submitted_by_token_id uuid,
        submitted_by_label text,
        published_at timestamptz,
        published_by_token_id uuid,
        published_by_label text,
        UNIQUE (entry_id, number)
      )`);
    await q.query(
      'CREATE INDEX entry_version_principles_idx ON entry_version USING gin (principle_codes)',
    );
    await q.query('CREATE INDEX entry_version_theme_idx ON entry_version (theme)');
    await q.query('CREATE INDEX entry_version_lifecycle_idx ON entry_version (lifecycle_stage)');
    await q.query('CREATE INDEX entry_version_risk_idx ON entry_version (risk_class)');
    await q.query('CREATE INDEX entry_version_personal_data_idx ON entry_version (personal_data)');
    await q.query('CREATE INDEX entry_version_review_due_idx ON entry_version (review_due_date)');
    await q.query(
      'CREATE INDEX entry_version_published_idx ON entry_version (entry_id, published_at) WHERE published_at IS NOT NULL',
    );
    await q.query(
      'ALTER TABLE entry ADD CONSTRAINT entry_current_version_fk FOREIGN KEY (current_version_id) REFERENCES entry_version (id) DEFERRABLE INITIALLY DEFERRED',
    );
    await q.query(
      'ALTER TABLE entry ADD CONSTRAINT entry_published_version_fk FOREIGN KEY (published_version_id) REFERENCES entry_version (id) DEFERRABLE INITIALLY DEFERRED',
    );

    await q.query(`
      CREATE TABLE entry_relation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_entry_id uuid NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        to_entry_id uuid NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('USES_DATASET', 'FED_BY_DEPLOYMENT', 'PRODUCES_DATASET', 'PART_OF')),
        department_id uuid NOT NULL REFERENCES department (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by_label text NOT NULL,
        UNIQUE (from_entry_id, to_entry_id, type),
        CHECK (from_entry_id <> to_entry_id)
      )`);
    await q.query('CREATE INDEX entry_relation_to_idx ON entry_relation (to_entry_id)');

    // The audit log is append-only for every database role: triggers refuse UPDATE, DELETE, TRUNCATE.
    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        action text NOT NULL,
        actor_label text NOT NULL,
        actor_role text NOT NULL,
        actor_token_id uuid,
        entry_id uuid,
        entry_version integer,
        department_id uuid,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query('CREATE INDEX audit_event_entry_idx ON audit_event (entry_id, id)');
    await q.query('CREATE INDEX audit_event_department_idx ON audit_event (department_id, id)');
    await q.query('CREATE INDEX audit_event_actor_idx ON audit_event (actor_label, id)');
    await q.query('CREATE INDEX audit_event_action_idx ON audit_event (action, id)');
    await q.query('CREATE INDEX audit_event_time_idx ON audit_event (occurred_at, id)');
    await q.query(`
      CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only()`);

    await q.query(`
      CREATE TABLE search_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id uuid NOT NULL,
        reason text NOT NULL,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        processed_at timestamptz,
        last_error text
      )`);
    await q.query(
      'CREATE INDEX search_outbox_pending_idx ON search_outbox (available_at, id) WHERE processed_at IS NULL',
    );
    await q.query(`
      CREATE FUNCTION search_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('insyn_search_outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER search_outbox_wake AFTER INSERT ON search_outbox
      FOR EACH STATEMENT EXECUTE FUNCTION search_outbox_notify()`);
    await q.query(`
      CREATE TABLE search_dead_letter (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        outbox_id bigint NOT NULL,
        entry_id uuid NOT NULL,
        attempts integer NOT NULL,
        error text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query('CREATE INDEX search_dead_letter_entry_idx ON search_dead_letter (entry_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE search_dead_letter');
    await q.query('DROP TABLE search_outbox');
    await q.query('DROP FUNCTION search_outbox_notify');
    await q.query('DROP TABLE audit_event');
    await q.query('DROP FUNCTION audit_event_is_append_only');
    await q.query('DROP TABLE entry_relation');
    await q.query(
      'ALTER TABLE entry DROP CONSTRAINT entry_current_version_fk, DROP CONSTRAINT entry_published_version_fk',
    );
    await q.query('DROP TABLE entry_version');
    await q.query('DROP TABLE entry');
    await q.query('DROP TABLE api_token');
    await q.query('DROP TABLE department');
  }
}
