import { DataSource } from 'typeorm';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput, fullDatasetInput, fullIotInput } from './entry-fixtures';
import { RegistryApiHarness, Who } from './registry-api.harness';

const KINDS = [
  ['Algorithm', 'AlgorithmInput', fullAlgorithmInput],
  ['Dataset', 'DatasetInput', fullDatasetInput],
  ['IotDeployment', 'IotDeploymentInput', fullIotInput],
] as const;

describe('review, publish, retire, with history (every kind)', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let db: DataSource;
  let as: Record<Who, GraphQLClient>;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('entries-workflow');
    tokens = await createTestTokens(api.app.get(DataSource));
    db = api.app.get(DataSource);
    as = api.clients(tokens);
  });
  afterAll(async () => {
    await api.stop();
  });

  const auditCount = async () =>
    Number((await db.query('SELECT count(*) AS n FROM audit_event'))[0].n);
  const submit = (c: GraphQLClient, id: string) =>
    c.request<any>(`mutation($id: ID!) { e: submitEntryForReview(id: $id) { status version } }`, {
      id,
    });
  const publish = (c: GraphQLClient, id: string, note = 'First publication') =>
    c.request<any>(
      `mutation($id: ID!, $note: String!) { e: publishEntry(id: $id, changeNote: $note) { status version publishedAt } }`,
      { id, note },
    );
  const returnToDraft = (c: GraphQLClient, id: string) =>
    c.request<any>(
      `mutation($id: ID!) { e: returnEntryToDraft(id: $id, reason: "Please add the DPIA link") { status } }`,
      { id },
    );
  const retire = (c: GraphQLClient, id: string) =>
    c.request<any>(
      `mutation($id: ID!) { e: retireEntry(id: $id, reason: "Replaced by a new system") { status retiredAt retirementReason } }`,
      { id },
    );
  const code = (r: { errors?: { extensions?: { code?: string } }[] }) =>
    r.errors?.[0]?.extensions?.code;

  describe.each(KINDS)('%s', (typeName, inputType, fullInput) => {
    const mutation = `register${typeName}`;
    let id: string;

    it('walks DRAFT → IN_REVIEW → (returned) → IN_REVIEW → PUBLISHED → RETIRED, refusing every wrong step', async () => {
      const auditBefore = await auditCount();
      const created = await as.editorA.data<any>(
        `mutation($input: ${inputType}!) { e: ${mutation}(departmentSlug: "department-a", input: $input) { id status } }`,
        { input: fullInput(`${typeName} under review`) },
      );
      id = created.e.id;
      expect(created.e.status).toBe('DRAFT');
      let expectedAudit = 1;

      // Wrong state and wrong role before submission.
      expect(code(await publish(as.reviewer, id))).toBe('CONFLICT');
      expect(code(await returnToDraft(as.reviewer, id))).toBe('CONFLICT');
      expect(code(await retire(as.editorA, id))).toBe('CONFLICT');
      expect(code(await submit(as.editorB, id))).toBe('NOT_FOUND'); // another department cannot even see the draft
      expect(code(await submit(as.auditor, id))).toBe('FORBIDDEN');
      expect(code(await submit(as.reviewer, id))).toBe('FORBIDDEN');
      expect(code(await submit(as.anonymous, id))).toBe('UNAUTHENTICATED');

      expect((await submit(as.editorA, id)).data.e).toEqual({ status: 'IN_REVIEW', version: 1 });
      expectedAudit++;
      expect(code(await submit(as.editorA, id))).toBe('CONFLICT');
      expect(
        code(
          await as.editorA.request(
            `mutation($id: ID!) { e: update${typeName}(id: $id, input: { summary: "x" }) { id } }`,
            { id },
          ),
        ),
      ).toBe('CONFLICT');
      expect(code(await publish(as.editorA, id))).toBe('FORBIDDEN');
      expect(code(await publish(as.auditor, id))).toBe('FORBIDDEN');

      expect((await returnToDraft(as.reviewer, id)).data.e.status).toBe('DRAFT');
      expectedAudit++;
      expect((await submit(as.editorA, id)).data.e.status).toBe('IN_REVIEW');
      expectedAudit++;

      const published = await publish(as.reviewer, id);
      expect(published.errors).toBeUndefined();
      expect(published.data.e).toMatchObject({ status: 'PUBLISHED', version: 1 });
      expectedAudit++;
      const publicRead = await as.anonymous.data<any>(
        `query($id: ID!) { entry(id: $id) { status title } }`,
        { id },
      );
      expect(publicRead.entry).toEqual({ status: 'PUBLISHED', title: `${typeName} under review` });

      expect(code(await retire(as.editorB, id))).toBe('FORBIDDEN');
      expect(code(await retire(as.auditor, id))).toBe('FORBIDDEN');
      const retired = await retire(as.editorA, id);
      expect(retired.data.e).toMatchObject({
        status: 'RETIRED',
        retirementReason: 'Replaced by a new system',
      });
      expectedAudit++;
      expect(code(await retire(as.admin, id))).toBe('CONFLICT');
      expect(
        code(
          await as.editorA.request(
            `mutation($id: ID!) { e: update${typeName}(id: $id, input: { summary: "x" }) { id } }`,
            { id },
          ),
        ),
      ).toBe('CONFLICT');

      // Still publicly readable, marked retired, out of the default listing but filterable.
      const after = await as.anonymous.data<any>(
        `query($id: ID!) { entry(id: $id) { status retiredAt retirementReason } all: entries(first: 100) { nodes { id } } retired: entries(filter: { status: [RETIRED] }) { nodes { id } } }`,
        { id },
      );
      expect(after.entry.status).toBe('RETIRED');
      expect(after.entry.retiredAt).toBeTruthy();
      expect(after.all.nodes.map((n: any) => n.id)).not.toContain(id);
      expect(after.retired.nodes.map((n: any) => n.id)).toContain(id);

      // Every successful mutation wrote exactly one audit row; refused ones wrote none.
      expect((await auditCount()) - auditBefore).toBe(expectedAudit);
    });
  });

  it('four eyes: the token that submitted cannot publish; an admin may, and it is recorded', async () => {
    const created = await as.admin.data<any>(
      `mutation($input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: "department-b", input: $input) { id } }`,
      {
        input: fullAlgorithmInput('Admin-run entry'),
      },
    );
    const id = created.e.id;
    await submit(as.admin, id);
    const published = await publish(as.admin, id, 'Published by the same admin');
    expect(published.data.e.status).toBe('PUBLISHED');
    const [row] = await db.query(
      `SELECT details FROM audit_event WHERE entry_id = $1 AND action = 'ENTRY_PUBLISHED'`,
      [id],
    );
    expect(row.details).toMatchObject({
      sameTokenSubmittedAndPublished: true,
      sameTokenAuthoredAndPublished: true,
      samePersonAuthoredAndPublished: true,
    });

    // A reviewer who submitted (as admin-like power is not theirs) — use a reviewer token that is also the submitter:
    const draft = await as.editorA.data<any>(
      `mutation($input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: "department-a", input: $input) { id } }`,
      {
        input: fullAlgorithmInput('Four eyes entry'),
      },
    );
    await submit(as.editorA, draft.e.id);
    const [version] = await db.query(
      `SELECT submitted_by_token_id FROM entry_version WHERE entry_id = $1`,
      [draft.e.id],
    );
    expect(version.submitted_by_token_id).toBeTruthy();
    // Make the reviewer's token the submitter, as if a reviewer had submitted it.
    const [reviewer] = await db.query(`SELECT id FROM api_token WHERE label = 'test reviewer'`);
    await db.query(`UPDATE entry_version SET submitted_by_token_id = $1 WHERE entry_id = $2`, [
      reviewer.id,
      draft.e.id,
    ]);
    const refused = await publish(as.reviewer, draft.e.id);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toMatch(/four eyes/i);
  });

  it('four eyes holds across two tokens of one person: their reviewer token cannot publish what their editor token submitted', async () => {
    const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) {
      createApiToken(input: $input) { token apiToken { id person { id name } } }
    }`;
    const grant = async (input: Record<string, unknown>) =>
      (await as.admin.data<any>(CREATE_TOKEN, { input })).createApiToken;
    const kimEditor = await grant({
      personName: 'Kim Four-Eyes',
      role: 'EDITOR',
      departmentSlug: 'department-a',
      label: 'Kim, editing',
    });
    const kim = kimEditor.apiToken.person;
    const kimReviewer = await grant({
      personId: kim.id,
      role: 'REVIEWER',
      label: 'Kim, reviewing',
    });
    const kimAdmin = await grant({ personId: kim.id, role: 'ADMIN', label: 'Kim, administering' });
    expect(kimReviewer.apiToken.person).toEqual(kim);
    const asKim = (token: string) => api.graphql(token);

    const draft = await asKim(kimEditor.token).data<any>(
      `mutation($input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: "department-a", input: $input) { id } }`,
      { input: fullAlgorithmInput('Kim’s own entry') },
    );
    const id = draft.e.id;
    expect((await submit(asKim(kimEditor.token), id)).data.e.status).toBe('IN_REVIEW');
    const auditBefore = await auditCount();
    const refused = await publish(asKim(kimReviewer.token), id);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toBe(
      'Four eyes: the person who submitted this version cannot publish it, with any of their tokens',
    );
    // Nor return it: a return is a review too (the editors withdraw their own submission).
    const notReturned = await returnToDraft(asKim(kimReviewer.token), id);
    expect(code(notReturned)).toBe('FORBIDDEN');
    expect(notReturned.errors?.[0].message).toBe(
      'Four eyes: the person who submitted this version cannot return it, with any of their tokens',
    );
    expect(await auditCount()).toBe(auditBefore);
    const [version] = await db.query(
      `SELECT state, submitted_by_person_id, published_by_person_id FROM entry_version WHERE entry_id = $1`,
      [id],
    );
    expect(version).toEqual({
      state: 'IN_REVIEW',
      submitted_by_person_id: kim.id,
      published_by_person_id: null,
    });

    // Kim's admin token may (admins may do the workflow), and that is recorded.
    const published = await publish(asKim(kimAdmin.token), id, 'Published by Kim as admin');
    expect(published.data.e.status).toBe('PUBLISHED');
    const [row] = await db.query(
      `SELECT actor_label, details FROM audit_event WHERE entry_id = $1 AND action = 'ENTRY_PUBLISHED'`,
      [id],
    );
    expect(row).toEqual({
      actor_label: 'Kim, administering',
      details: {
        changeNote: 'Published by Kim as admin',
        samePersonSubmittedAndPublished: true,
        samePersonAuthoredAndPublished: true,
      },
    });
    const [after] = await db.query(
      `SELECT published_by_person_id FROM entry_version WHERE entry_id = $1`,
      [id],
    );
    expect(after.published_by_person_id).toBe(kim.id);
  });

  describe('four eyes holds for whoever wrote the version, not only who submitted it', () => {
    const CREATE_TOKEN = `mutation($input: CreateApiTokenInput!) {
      createApiToken(input: $input) { token apiToken { id person { id } } }
    }`;
    const UPDATE_IOT = `mutation($id: ID!, $input: IotDeploymentInput!) {
      e: updateIotDeployment(id: $id, input: $input) { id version status }
    }`;
    const grant = async (input: Record<string, unknown>) =>
      (await as.admin.data<any>(CREATE_TOKEN, { input })).createApiToken as {
        token: string;
        apiToken: { id: string; person: { id: string } };
      };
    // Ed A edits for the department and reviews for the city; Ed Q is another editor there.
    let edA: { editor: GraphQLClient; reviewer: GraphQLClient; admin: GraphQLClient; id: string };
    let edQ: GraphQLClient;
    beforeAll(async () => {
      const editor = await grant({
        personName: 'Ed A',
        role: 'EDITOR',
        departmentSlug: 'department-a',
        label: 'Ed A, editing',
      });
      const id = editor.apiToken.person.id;
      const reviewer = await grant({ personId: id, role: 'REVIEWER', label: 'Ed A, reviewing' });
      const admin = await grant({ personId: id, role: 'ADMIN', label: 'Ed A, administering' });
      edA = {
        id,
        editor: api.graphql(editor.token),
        reviewer: api.graphql(reviewer.token),
        admin: api.graphql(admin.token),
      };
      const q = await grant({ personName: 'Ed Q', role: 'EDITOR', departmentSlug: 'department-a' });
      edQ = api.graphql(q.token);
    });

    /** A published IoT deployment (registered by the test editor, published by the test reviewer). */
    const publishedIot = async (title: string) => {
      const created = await as.editorA.data<any>(
        `mutation($input: IotDeploymentInput!) { e: registerIotDeployment(departmentSlug: "department-a", input: $input) { id } }`,
        { input: fullIotInput(title) },
      );
      await submit(as.editorA, created.e.id);
      expect((await publish(as.reviewer, created.e.id)).data.e.status).toBe('PUBLISHED');
      return created.e.id as string;
    };
    const publishedEvent = async (id: string) =>
      (
        await db.query(
          `SELECT actor_label, details FROM audit_event
            WHERE entry_id = $1 AND action = 'ENTRY_PUBLISHED' ORDER BY id DESC LIMIT 1`,
          [id],
        )
      )[0];

    it('refuses a person who edited the version, with any of their tokens, although another submitted it', async () => {
      const id = await publishedIot('Sensors Ed A edits');
      const edited = await edA.editor.data<any>(UPDATE_IOT, {
        id,
        input: { summary: 'Written entirely by Ed A' },
      });
      expect(edited.e).toEqual({ id, version: 2, status: 'DRAFT' });
      expect((await submit(edQ, id)).data.e.status).toBe('IN_REVIEW');

      const auditBefore = await auditCount();
      const refused = await publish(edA.reviewer, id, 'Looks good to me');
      expect(code(refused)).toBe('FORBIDDEN');
      expect(refused.errors?.[0].message).toBe(
        'Four eyes: the person who wrote part of this version (draft revision 2) cannot publish it, with any of their tokens; another person must review it',
      );
      // The editor's token is no reviewer's; refused either way.
      expect(code(await publish(edA.editor, id))).toBe('FORBIDDEN');
      const notReturned = await returnToDraft(edA.reviewer, id);
      expect(code(notReturned)).toBe('FORBIDDEN');
      expect(notReturned.errors?.[0].message).toBe(
        'Four eyes: the person who wrote part of this version (draft revision 2) cannot return it, with any of their tokens; another person must review it',
      );
      expect(await auditCount()).toBe(auditBefore);
      const [version] = await db.query(
        `SELECT state, published_by_person_id FROM entry_version WHERE entry_id = $1 AND number = 2`,
        [id],
      );
      expect(version).toEqual({ state: 'IN_REVIEW', published_by_person_id: null });

      // Another person may.
      expect((await publish(as.reviewer, id, 'Reviewed by another')).data.e).toMatchObject({
        status: 'PUBLISHED',
        version: 2,
      });
      expect((await publishedEvent(id)).details).toEqual({ changeNote: 'Reviewed by another' });
    });

    it('refuses the author of any revision, also when another editor changed it after them', async () => {
      const id = await publishedIot('Sensors two editors edit');
      await edA.editor.data(UPDATE_IOT, { id, input: { summary: 'Ed A’s words' } });
      await edQ.data(UPDATE_IOT, { id, input: { summary: 'Ed Q’s words instead' } });
      await submit(edQ, id);
      const refused = await publish(edA.reviewer, id);
      expect(code(refused)).toBe('FORBIDDEN');
      expect(refused.errors?.[0].message).toMatch(
        /wrote part of this version \(draft revision 2\)/,
      );
    });

    it('refuses the person who registered the entry, when another editor submitted it', async () => {
      const created = await edA.editor.data<any>(
        `mutation($input: IotDeploymentInput!) { e: registerIotDeployment(departmentSlug: "department-a", input: $input) { id } }`,
        { input: fullIotInput('Sensors Ed A registers') },
      );
      await submit(edQ, created.e.id);
      const refused = await publish(edA.reviewer, created.e.id);
      expect(code(refused)).toBe('FORBIDDEN');
      expect(refused.errors?.[0].message).toMatch(/\(draft revision 1\)/);
    });

    it('lets the author of an earlier published version publish a later one they did not write', async () => {
      const created = await edA.editor.data<any>(
        `mutation($input: IotDeploymentInput!) { e: registerIotDeployment(departmentSlug: "department-a", input: $input) { id } }`,
        { input: fullIotInput('Sensors Ed A wrote first') },
      );
      const id = created.e.id;
      await submit(edQ, id);
      await publish(as.reviewer, id);
      await edQ.data(UPDATE_IOT, { id, input: { summary: 'Version 2, by Ed Q alone' } });
      await submit(edQ, id);
      expect((await publish(edA.reviewer, id, 'Reviewed by Ed A')).data.e).toMatchObject({
        status: 'PUBLISHED',
        version: 2,
      });
    });

    it('lets the author publish with an admin token, and records it', async () => {
      const id = await publishedIot('Sensors Ed A publishes as admin');
      await edA.editor.data(UPDATE_IOT, { id, input: { summary: 'Written by Ed A' } });
      await submit(edQ, id);
      expect(code(await publish(edA.reviewer, id))).toBe('FORBIDDEN');
      const published = await publish(edA.admin, id, 'Published by Ed A as admin');
      expect(published.data.e).toMatchObject({ status: 'PUBLISHED', version: 2 });
      expect(await publishedEvent(id)).toEqual({
        actor_label: 'Ed A, administering',
        details: {
          changeNote: 'Published by Ed A as admin',
          samePersonAuthoredAndPublished: true,
        },
      });
      const [version] = await db.query(
        `SELECT published_by_person_id, submitted_by_person_id <> $2 AS submitted_by_another
           FROM entry_version WHERE entry_id = $1 AND number = 2`,
        [id, edA.id],
      );
      expect(version).toEqual({ published_by_person_id: edA.id, submitted_by_another: true });
    });
  });

  it('four eyes lets another person publish what one person submitted', async () => {
    const draft = await as.editorA.data<any>(
      `mutation($input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: "department-a", input: $input) { id } }`,
      { input: fullAlgorithmInput('Two people’s entry') },
    );
    await submit(as.editorA, draft.e.id);
    const published = await publish(as.reviewer, draft.e.id);
    expect(published.data.e.status).toBe('PUBLISHED');
    const [row] = await db.query(
      `SELECT details FROM audit_event WHERE entry_id = $1 AND action = 'ENTRY_PUBLISHED'`,
      [draft.e.id],
    );
    expect(row.details).toEqual({ changeNote: 'First publication' });
  });

  it('refuses to publish an incomplete entry, listing the missing fields', async () => {
    const created = await as.editorA.data<any>(
      `mutation { e: registerDataset(departmentSlug: "department-a", input: { title: "Incomplete dataset", summary: "s" }) { id } }`,
    );
    await submit(as.editorA, created.e.id);
    const refused = await publish(as.reviewer, created.e.id);
    expect(code(refused)).toBe('BAD_USER_INPUT');
    const fields = refused.errors?.[0].extensions?.fields as { field: string }[];
    expect(fields.map((f) => f.field)).toEqual(
      expect.arrayContaining(['legalBasis', 'dataset.publisher', 'principles']),
    );
    expect(refused.errors?.[0].message).toMatch(/dataset\.publisher/);
    const state = await as.auditor.data<any>(`query($id: ID!) { entry(id: $id) { status } }`, {
      id: created.e.id,
    });
    expect(state.entry.status).toBe('IN_REVIEW');
  });

  it('keeps every published version: the public sees v1 while v2 is drafted, asOf shows the past, diffs span three versions', async () => {
    const times: Date[] = [];
    const created = await as.editorA.data<any>(
      `mutation($input: AlgorithmInput!) { e: registerAlgorithm(departmentSlug: "department-a", input: $input) { id } }`,
      {
        input: { ...fullAlgorithmInput('Versioned algorithm'), summary: 'Version one summary' },
      },
    );
    const id = created.e.id;
    const beforeFirst = new Date();
    await submit(as.editorA, id);
    await publish(as.reviewer, id, 'v1');
    times.push(new Date());

    // v2 drafted: the public still sees v1; the department sees the draft.
    const edited = await as.editorA.data<any>(
      `mutation($id: ID!) { e: updateAlgorithm(id: $id, input: { summary: "Version two summary", purpose: "New purpose" }) { status version isPublishedVersion summary } }`,
      { id },
    );
    expect(edited.e).toEqual({
      status: 'DRAFT',
      version: 2,
      isPublishedVersion: false,
      summary: 'Version two summary',
    });
    const publicView = await as.anonymous.data<any>(
      `query($id: ID!) { entry(id: $id) { status version summary } }`,
      { id },
    );
    expect(publicView.entry).toEqual({
      status: 'PUBLISHED',
      version: 1,
      summary: 'Version one summary',
    });
    const auditorView = await as.auditor.data<any>(
      `query($id: ID!) { entry(id: $id) { status version summary } }`,
      { id },
    );
    expect(auditorView.entry).toEqual({
      status: 'DRAFT',
      version: 2,
      summary: 'Version two summary',
    });

    await submit(as.editorA, id);
    await publish(as.reviewer, id, 'v2: clearer summary');
    times.push(new Date());
    await as.editorA.data(
      `mutation($id: ID!) { e: updateAlgorithm(id: $id, input: { summary: "Version three summary", keywords: ["v3"] }) { id } }`,
      { id },
    );
    await submit(as.editorA, id);
    await publish(as.reviewer, id, 'v3');
    times.push(new Date());

    const history = await as.anonymous.data<any>(
      `query($id: ID!) { entry(id: $id) { version versions { number changeNote publishedBy publishedAt entry { summary } } } }`,
      { id },
    );
    expect(history.entry.version).toBe(3);
    expect(
      history.entry.versions.map((v: any) => [
        v.number,
        v.changeNote,
        v.entry.summary,
        v.publishedBy,
      ]),
    ).toEqual([
      [1, 'v1', 'Version one summary', null],
      [2, 'v2: clearer summary', 'Version two summary', null],
      [3, 'v3', 'Version three summary', null],
    ]);
    const staffHistory = await as.auditor.data<any>(
      `query($id: ID!) { entry(id: $id) { versions { publishedBy } } }`,
      { id },
    );
    expect(staffHistory.entry.versions.map((v: any) => v.publishedBy)).toEqual([
      'test reviewer',
      'test reviewer',
      'test reviewer',
    ]);

    const asOf = async (at: Date) =>
      (
        await as.anonymous.data<any>(
          `query($id: ID!, $at: DateTime!) { entry(id: $id, asOf: $at) { version summary } }`,
          { id, at: at.toISOString() },
        )
      ).entry;
    expect(await asOf(beforeFirst)).toBeNull();
    expect(await asOf(times[0])).toEqual({ version: 1, summary: 'Version one summary' });
    expect(await asOf(times[1])).toEqual({ version: 2, summary: 'Version two summary' });
    expect(await asOf(times[2])).toEqual({ version: 3, summary: 'Version three summary' });

    const diff = async (from: number, to: number) =>
      (
        await as.anonymous.data<any>(
          `query($id: ID!, $from: Int!, $to: Int!) { entryDiff(id: $id, fromVersion: $from, toVersion: $to) { field before after } }`,
          { id, from, to },
        )
      ).entryDiff;
    expect(await diff(1, 2)).toEqual([
      {
        field: 'purpose',
        before: 'To decide on financial assistance fairly and quickly.',
        after: 'New purpose',
      },
      { field: 'summary', before: 'Version one summary', after: 'Version two summary' },
    ]);
    expect(await diff(2, 3)).toEqual([
      { field: 'keywords', before: ['AI', 'försörjningsstöd', 'risk'], after: ['v3'] },
      { field: 'summary', before: 'Version two summary', after: 'Version three summary' },
    ]);
    expect((await diff(1, 3)).map((c: any) => c.field)).toEqual(['keywords', 'purpose', 'summary']);
    expect(await diff(1, 9)).toBeNull();
    // What cannot name an entry or a version is refused, naming each argument, as entry(id) does.
    const refused = async (variables: { id: string; from: number; to: number }) =>
      (
        await as.anonymous.request(
          `query($id: ID!, $from: Int!, $to: Int!) { entryDiff(id: $id, fromVersion: $from, toVersion: $to) { field } }`,
          variables,
        )
      ).errors?.map((e) => [e.extensions?.code, e.extensions?.fields?.map((f) => f.field)]);
    expect(await refused({ id: '', from: 1, to: 2 })).toEqual([['BAD_USER_INPUT', ['id']]]);
    expect(await refused({ id: 'a-slug', from: 0, to: -2 })).toEqual([
      ['BAD_USER_INPUT', ['id', 'fromVersion', 'toVersion']],
    ]);
    expect(await refused({ id, from: 1, to: 0 })).toEqual([['BAD_USER_INPUT', ['toVersion']]]);

    // Published versions are immutable: the stored v1 content did not change.
    const [v1] = await db.query(
      `SELECT content->>'summary' AS summary, state FROM entry_version WHERE entry_id = $1 AND number = 1`,
      [id],
    );
    expect(v1).toEqual({ summary: 'Version one summary', state: 'SUPERSEDED' });
  });

  it('flags published entries whose review date has passed, and filters on it', async () => {
    const overdue = await as.editorA.data<any>(
      `mutation($input: DatasetInput!) { e: registerDataset(departmentSlug: "department-a", input: $input) { id } }`,
      {
        input: { ...fullDatasetInput('Overdue dataset'), reviewDueDate: '2020-01-01' },
      },
    );
    await submit(as.editorA, overdue.e.id);
    await publish(as.reviewer, overdue.e.id);
    const current = await as.editorA.data<any>(
      `mutation($input: IotDeploymentInput!) { e: registerIotDeployment(departmentSlug: "department-a", input: $input) { id } }`,
      {
        input: { ...fullIotInput('Fresh deployment'), reviewDueDate: '2999-01-01' },
      },
    );
    await submit(as.editorA, current.e.id);
    await publish(as.reviewer, current.e.id);

    const result = await as.anonymous.data<any>(
      `query($a: ID!, $b: ID!) { a: entry(id: $a) { status reviewOverdue } b: entry(id: $b) { reviewOverdue } overdue: entries(filter: { reviewOverdue: true }, first: 100) { nodes { id } } }`,
      { a: overdue.e.id, b: current.e.id },
    );
    expect(result.a).toEqual({ status: 'PUBLISHED', reviewOverdue: true });
    expect(result.b.reviewOverdue).toBe(false);
    const overdueIds = result.overdue.nodes.map((n: any) => n.id);
    expect(overdueIds).toContain(overdue.e.id);
    expect(overdueIds).not.toContain(current.e.id);
  });
});
