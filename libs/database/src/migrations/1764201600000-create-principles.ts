import { MigrationInterface, QueryRunner } from 'typeorm';

/** The five principles of the Cities Coalition for Digital Rights strategy: a fixed catalogue. */
export class CreatePrinciples1764201600000 implements MigrationInterface {
  name = 'CreatePrinciples1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE principle (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z_]+$'),
        position smallint NOT NULL UNIQUE,
        title_en text NOT NULL,
        title_sv text NOT NULL
      )`);
    await q.query(
      `INSERT INTO principle (code, position, title_en, title_sv) VALUES
        ('ACCESS_AND_LITERACY', 1, 'Universal and equal access to the internet, and digital literacy', 'Universell och jämlik tillgång till internet, och digital kompetens'),
        ('PRIVACY_AND_SECURITY', 2, 'Privacy, data protection and security', 'Integritet, dataskydd och säkerhet'),
        ('TRANSPARENCY_AND_NON_DISCRIMINATION', 3, 'Transparency, accountability, and non-discrimination of data, content and algorithms', 'Transparens, ansvarsskyldighet och icke-diskriminering av data, innehåll och algoritmer'),
        ('PARTICIPATION_AND_INCLUSION', 4, 'Participatory democracy, diversity and inclusion', 'Deltagande demokrati, mångfald och inkludering'),
        ('OPEN_ETHICAL_STANDARDS', 5, 'Open and ethical digital service standards', 'Öppna och etiska standarder för digitala tjänster')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE principle');
  }
}
