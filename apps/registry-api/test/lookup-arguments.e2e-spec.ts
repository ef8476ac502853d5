import { randomUUID } from 'node:crypto';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * What cannot name anything is a mistake to say, not a thing to look for: an entry's id that is
 * not a UUID, a slug longer than any slug, a tracking code of the wrong shape are refused with
 * BAD_USER_INPUT naming the argument (a probe sent 500,000 characters and got null); what could
 * name something and does not is null.
 */
describe('lookup arguments', () => {
  let api: RegistryApiHarness;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('lookup-arguments');
  });
  afterAll(async () => {
    await api?.stop();
  });

  const refusedFields = async (query: string, variables: Record<string, unknown>) => {
    const result = await api.graphql().request(query, variables);
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    return result.errors![0].extensions!.fields!.map((f) => f.field);
  };

  it.each([
    ['entry(id:), not a UUID', 'query($v: ID) { entry(id: $v) { id } }', 'nope', 'id'],
    [
      'entry(slug:), 61 characters',
      'query($v: String) { entry(slug: $v) { id } }',
      'a'.repeat(61),
      'slug',
    ],
    [
      'entry(slug:), 500,000 characters',
      'query($v: String) { entry(slug: $v) { id } }',
      'a'.repeat(500_000),
      'slug',
    ],
    [
      'department(slug:), 61 characters',
      'query($v: String!) { department(slug: $v) { id } }',
      'a'.repeat(61),
      'slug',
    ],
    [
      'concern(trackingCode:), not a code',
      'query($v: String!) { concern(trackingCode: $v) { id } }',
      'x'.repeat(1_000),
      'trackingCode',
    ],
  ])('%s: BAD_USER_INPUT naming it', async (_what, query, value, field) => {
    expect(await refusedFields(query, { v: value })).toEqual([field]);
  });

  it('answers null for what could name something and does not', async () => {
    const data = await api.graphql().data(
      `query($id: ID, $slug: String, $dep: String!, $code: String!) {
        byId: entry(id: $id) { id }
        bySlug: entry(slug: $slug) { id }
        department(slug: $dep) { id }
        concern(trackingCode: $code) { id }
      }`,
      {
        id: randomUUID(),
        slug: 'a'.repeat(60),
        dep: 'a'.repeat(60),
        // Any case, as typed.
        code: 'abcde-fghjk-mnpqr-stvwx-yz012',
      },
    );
    expect(data).toEqual({ byId: null, bySlug: null, department: null, concern: null });
  });

  it('counts a slug in characters, as its limit says: 60 beyond the BMP are 60, not 120', async () => {
    const wide = '𝔰'.repeat(60);
    const data = await api.graphql().data(
      `query($slug: String, $dep: String!) {
        entry(slug: $slug) { id }
        department(slug: $dep) { id }
      }`,
      { slug: wide, dep: wide },
    );
    expect(data).toEqual({ entry: null, department: null });
    expect(
      await refusedFields('query($v: String) { entry(slug: $v) { id } }', { v: `${wide}𝔰` }),
    ).toEqual(['slug']);
  });
});
