import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents' concerns about published entries, and the transactional mail outbox. Every filter
 * of the department list has an index ending in (filed_at DESC, id DESC), the keyset order.
 */
export class CreateConcerns1764600000000 implements MigrationInterface {
  name = 'CreateConcerns1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE concern (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        entry_id uuid NOT NULL REFERENCES entry (id),
        department_id uuid NOT NULL REFERENCES department (id),
        principle_codes text[] NOT NULL CHECK (cardinality(principle_codes) BETWEEN 1 AND 5),
        category text NOT NULL CHECK (category IN
          ('DISCRIMINATION', 'PRIVACY', 'ACCURACY', 'TRANSPARENCY', 'ACCESSIBILITY', 'OTHER')),
        text text,
        consent_to_publish boolean NOT NULL,
        text_publishable boolean NOT NULL DEFAULT false,
        contact_sealed bytea,
        had_contact boolean NOT NULL DEFAULT false,
        language text NOT NULL CHECK (language IN ('sv', 'en')),
        status text NOT NULL CHECK (status IN
          ('RECEIVED', 'ACKNOWLEDGED', 'UNDER_REVIEW', 'ANSWERED', 'CLOSED', 'REJECTED')),
        rejection_reason text,
        answer text,
        tracking_hash text NOT NULL UNIQUE,
        erasure_hash text NOT NULL UNIQUE,
        filed_at timestamptz NOT NULL,
        first_response_at timestamptz,
        answered_at timestamptz,
        closed_at timestamptz,
        status_changed_at timestamptz NOT NULL,
        erased_at timestamptz,
        contact_erased_at timestamptz,
        CHECK (status <> 'REJECTED' OR rejection_reason IS NOT NULL),
        CHECK (NOT text_publishable OR (consent_to_publish AND text IS NOT NULL))
      )`);
    await q.query('CREATE INDEX concern_filed_idx ON concern (filed_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX concern_department_idx ON concern (department_id, filed_at DESC, id DESC)',
    );
    await q.query('CREATE INDEX concern_entry_idx ON concern (entry_id, filed_at DESC, id DESC)');
    await q.query('CREATE INDEX concern_status_idx ON concern (status, filed_at DESC, id DESC)');
    await q.query(
      'CREATE INDEX concern_category_idx ON concern (category, filed_at DESC, id DESC)',
    );
    // The contact retention job looks for closed concerns that still hold a contact.
    await q.query(
      'CREATE INDEX concern_contact_retention_idx ON concern (closed_at) WHERE contact_sealed IS NOT NULL',
    );

    await q.query(`
      CREATE TABLE mail_outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        message_id text NOT NULL UNIQUE,
        purpose text NOT NULL,
        reference text NOT NULL,
        payload bytea,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        lease_until timestamptz,
        sent_at timestamptz,
        failed_at timestamptz,
        last_error text,
        CHECK (sent_at IS NULL OR payload IS NULL)
      )`);
    await q.query(
      'CREATE INDEX mail_outbox_pending_idx ON mail_outbox (available_at, id) WHERE sent_at IS NULL AND failed_at IS NULL',
    );
    await q.query('CREATE INDEX mail_outbox_reference_idx ON mail_outbox (reference)');
    await q.query(
      'CREATE INDEX mail_outbox_sent_idx ON mail_outbox (sent_at) WHERE sent_at IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mail_outbox');
    await q.query('DROP TABLE concern');
  }
}
