import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { id person { id } } }
}`;
const PERSONS = `{
  persons {
    id name email createdAt createdByLabel
    tokens {
      id label role prefix department { slug }
      createdAt createdByLabel revokedAt revokedByLabel
    }
  }
}`;

/** Persons, their tokens and role grants, as auditors see them. */
describe('persons and their tokens, for auditors (GraphQL over HTTP)', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let lena: { id: string };
  type Created = { token: string; apiToken: { id: string; person: { id: string } } };
  let editorToken: Created;
  let reviewerToken: Created;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('persons');
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    const admin = api.graphql(tokens.admin);
    editorToken = (
      await admin.data(CREATE_TOKEN, {
        input: {
          personName: 'Lena Lind',
          personEmail: 'lena.lind@stad.example.se',
          role: 'EDITOR',
          departmentSlug: 'department-a',
          label: 'Lena, laptop',
        },
      })
    ).createApiToken;
    lena = editorToken.apiToken.person;
    reviewerToken = (
      await admin.data(CREATE_TOKEN, { input: { personId: lena.id, role: 'REVIEWER' } })
    ).createApiToken;
    await admin.data(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, {
      id: editorToken.apiToken.id,
    });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('lists every person with each token (role grant): when and by whom made and revoked', async () => {
    const { persons } = await api.graphql(tokens.auditor).data(PERSONS);
    expect(persons.map((p: { name: string }) => p.name)).toEqual([
      'Lena Lind',
      'test admin',
      'test auditor',
      'test editorA',
      'test editorB',
      'test reviewer',
    ]);
    const person = persons.find((p: { id: string }) => p.id === lena.id);
    expect(person).toEqual({
      id: lena.id,
      name: 'Lena Lind',
      email: 'lena.lind@stad.example.se',
      createdAt: expect.any(String),
      createdByLabel: 'test admin',
      tokens: [
        {
          id: editorToken.apiToken.id,
          label: 'Lena, laptop',
          role: 'EDITOR',
          prefix: editorToken.token.slice(0, 12),
          department: { slug: 'department-a' },
          createdAt: expect.any(String),
          createdByLabel: 'test admin',
          revokedAt: expect.any(String),
          revokedByLabel: 'test admin',
        },
        {
          id: reviewerToken.apiToken.id,
          label: 'Lena Lind',
          role: 'REVIEWER',
          prefix: reviewerToken.token.slice(0, 12),
          department: null,
          createdAt: expect.any(String),
          createdByLabel: 'test admin',
          revokedAt: null,
          revokedByLabel: null,
        },
      ],
    });
    const [revoked] = person.tokens;
    expect(Date.parse(revoked.revokedAt)).toBeGreaterThanOrEqual(Date.parse(revoked.createdAt));
    // Without secrets: neither token's secret part appears anywhere in the answer.
    const text = JSON.stringify(persons);
    expect(text).not.toContain(editorToken.token.slice(12));
    expect(text).not.toContain(reviewerToken.token.slice(12));
  });

  it('lists tokens with their person for auditors too', async () => {
    const { apiTokens } = await api
      .graphql(tokens.auditor)
      .data(`{ apiTokens { id role revokedByLabel person { id name } } }`);
    expect(apiTokens).toEqual(
      expect.arrayContaining([
        {
          id: reviewerToken.apiToken.id,
          role: 'REVIEWER',
          revokedByLabel: null,
          person: { id: lena.id, name: 'Lena Lind' },
        },
        {
          id: tokens.entities.auditor.id,
          role: 'AUDITOR',
          revokedByLabel: null,
          person: { id: tokens.persons.auditor.id, name: 'test auditor' },
        },
      ]),
    );
  });

  it('records the person’s creation in the audit log, without the e-mail', async () => {
    const [event] = await db.query(
      `SELECT actor_label, actor_role, details FROM audit_event
        WHERE action = 'PERSON_CREATED' AND details ->> 'personId' = $1`,
      [lena.id],
    );
    expect(event).toEqual({
      actor_label: 'test admin',
      actor_role: 'ADMIN',
      details: { personId: lena.id, name: 'Lena Lind' },
    });
  });

  it('the revoked token no longer works; the person’s other token does', async () => {
    expect(await api.graphql(editorToken.token).errorCodes(`{ departments { id } }`)).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(await api.graphql(reviewerToken.token).errorCodes(`{ departments { id } }`)).toEqual([]);
  });

  it('reads persons, tokens and their departments in a fixed number of statements', async () => {
    const statementsFor = async () => {
      const sql = jest.spyOn(PostgresQueryRunner.prototype, 'query');
      try {
        await api.graphql(tokens.auditor).data(PERSONS);
        return sql.mock.calls.length;
      } finally {
        sql.mockRestore();
      }
    };
    const before = await statementsFor();
    for (let i = 0; i < 5; i++) {
      await api.graphql(tokens.admin).data(CREATE_TOKEN, {
        input: { personName: `Extra ${i}`, role: 'EDITOR', departmentSlug: 'department-b' },
      });
    }
    expect(await statementsFor()).toBe(before);
  });
});
