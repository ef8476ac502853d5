import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { eventually } from '@insyn/testing';
import { fullAlgorithmInput, fullIotInput } from '../../apps/registry-api/test/entry-fixtures';

/**
 * The production image in docker/compose.yml with its `scale` profile, checked from outside as
 * its users would use it: staff through the proxy, the public, a resident's e-mail, an operator
 * stopping a replica or the database. run.sh (npm run test:image) builds and starts the stack and
 * writes what this needs to $INSYN_IMAGE_CHECK.
 */
interface Check {
  proxyUrl: string;
  apiUrl: string;
  publicUrl: string;
  adminToken: string;
  docker: string;
  compose: string[];
  containers: { postgres: string; indexer: string; api: string; replicas: string[] };
}

const run = promisify(execFile);
const check = JSON.parse(readFileSync(process.env.INSYN_IMAGE_CHECK ?? '', 'utf8')) as Check;
const docker = (...args: string[]) => run(check.docker, args, { maxBuffer: 64 * 1024 * 1024 });

interface Answer {
  status: number;
  data?: Record<string, any>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  base = check.proxyUrl,
): Promise<Answer> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) };
}

async function data(query: string, variables: Record<string, unknown> = {}, token?: string) {
  const answer = await graphql(query, variables, token);
  if (answer.errors) throw new Error(JSON.stringify(answer.errors));
  return answer.data!;
}

/** Requests each replica has logged, by the completion lines in its log. */
async function requestsLogged(container: string): Promise<number> {
  const { stdout } = await docker('logs', container);
  return stdout.split('\n').filter((line) => line.includes('"msg":"request completed"')).length;
}

async function healthy(container: string): Promise<boolean> {
  const { stdout } = await docker('inspect', '-f', '{{.State.Health.Status}}', container);
  return stdout.trim() === 'healthy';
}

const slug = `parks-${Date.now().toString(36)}`;
let editor = '';
let reviewer = '';

/**
 * Registers, submits and publishes an algorithm (or an IoT deployment); resolves with its id and
 * slug once search finds it.
 */
async function publishAndFind(
  title: string,
  kind: 'algorithm' | 'iot' = 'algorithm',
): Promise<{ id: string; slug: string; searchableAfterMs: number }> {
  const [mutation, type, input] =
    kind === 'algorithm'
      ? ['registerAlgorithm', 'AlgorithmInput', fullAlgorithmInput(title)]
      : ['registerIotDeployment', 'IotDeploymentInput', fullIotInput(title)];
  const registered = await data(
    `mutation($d: String!, $i: ${type}!) { e: ${mutation}(departmentSlug: $d, input: $i) { id slug } }`,
    { d: slug, i: { ...input, title } },
    editor,
  );
  const id = registered.e.id as string;
  await data(`mutation($id: ID!) { submitEntryForReview(id: $id) { id } }`, { id }, editor);
  const { publishEntry } = await data(
    `mutation($id: ID!) { publishEntry(id: $id, changeNote: "Första publiceringen") { status } }`,
    { id },
    reviewer,
  );
  expect(publishEntry.status).toBe('PUBLISHED');
  const started = Date.now();
  await eventually(
    () => data(`query($q: String!) { search(query: $q) { hits { id } } }`, { q: title }),
    (found) => (found.search.hits as { id: string }[]).some((hit) => hit.id === id),
    { what: `search finding ${title}`, timeoutMs: 30_000 },
  );
  return { id, slug: registered.e.slug as string, searchableAfterMs: Date.now() - started };
}

describe('the production image in docker/compose.yml, scale profile', () => {
  jest.setTimeout(180_000);

  beforeAll(async () => {
    await data(
      `mutation($i: CreateDepartmentInput!) { createDepartment(input: $i) { slug } }`,
      { i: { slug, nameSv: `Parker ${slug}`, nameEn: `Parks ${slug}` } },
      check.adminToken,
    );
    const token = async (input: Record<string, unknown>) =>
      (
        await data(
          `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
          { i: input },
          check.adminToken,
        )
      ).createApiToken.token as string;
    editor = await token({ role: 'EDITOR', departmentSlug: slug, personName: `Anna ${slug}` });
    reviewer = await token({ role: 'REVIEWER', personName: `Bo ${slug}` });
  });

  it('holds every module its code requires', async () => {
    // Each require() of the compiled code, loaded from where it is written: a production
    // dependency left out of the image (or a native addon not built) fails only when first
    // used otherwise.
    const script = `
      const fs = require('fs'), path = require('path'), { builtinModules } = require('module');
      const missing = [];
      const walk = (dir) => { for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, f.name);
        if (f.isDirectory()) walk(file);
        else if (file.endsWith('.js')) for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\\("([^"]+)"\\)/g)) {
          const id = m[1];
          if (id.startsWith('.') || id.startsWith('node:') || builtinModules.includes(id)) continue;
          try { require(require.resolve(id, { paths: [path.dirname(file)] })); } catch (e) { missing.push(id + ' <- ' + file + ': ' + e.message.split('\\n')[0]); }
        } } };
      walk('/app/dist');
      console.log(JSON.stringify(missing));
      process.exit(0);`;
    const { stdout } = await docker('exec', check.containers.api, 'node', '-e', script);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual([]);
  });

  it('takes an entry from register to search through the proxy, with both replicas serving', async () => {
    const before = await Promise.all(check.containers.replicas.map(requestsLogged));
    const { searchableAfterMs } = await publishAndFind(`Kompostrobot ${slug}`);
    expect(searchableAfterMs).toBeLessThan(30_000);
    for (let i = 0; i < 20; i++) await data('{ principles { code } }');
    const after = await Promise.all(check.containers.replicas.map(requestsLogged));
    // Least-connection balancing over two replicas: each has served some of these.
    expect(after.map((n, i) => n - before[i] > 0)).toEqual([true, true]);
    // The public site in the image: the entry's page, its assets, the explorer, the schema.
    const page = await fetch(`${check.proxyUrl}/sv/search?q=${encodeURIComponent(slug)}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const css = /href="(\/assets\/site\.css\?v=[0-9a-f]+)"/.exec(html)?.[1];
    expect((await fetch(`${check.proxyUrl}${css}`)).status).toBe(200);
    const explorer = await fetch(`${check.proxyUrl}/graphql`, { headers: { accept: 'text/html' } });
    const assets = [...(await explorer.text()).matchAll(/"(\/graphql\/explorer\/[^"]+)"/g)];
    expect(assets.length).toBeGreaterThan(3);
    for (const [, asset] of assets)
      expect([asset, (await fetch(`${check.proxyUrl}${asset}`)).status]).toEqual([asset, 200]);
    expect((await fetch(`${check.proxyUrl}/graphql/schema.graphql`)).status).toBe(200);
  });

  it("e-mails a resident's acknowledgement from the indexer, linking to INSYN_PUBLIC_URL", async () => {
    const { id } = await publishAndFind(`Parkeringskamera ${slug}`);
    const { fileConcern } = await data(
      `mutation($i: FileConcernInput!) { fileConcern(input: $i) { trackingCode } }`,
      {
        i: {
          entryId: id,
          category: 'TRANSPARENCY',
          consentToPublish: false,
          contactEmail: 'invanare@example.se',
          principleCodes: ['TRANSPARENCY_AND_NON_DISCRIMINATION'],
          text: 'Vem ansvarar för kameran, och hur länge sparas bilderna?',
        },
      },
    );
    const { concerns } = await data(
      `{ concerns(first: 20) { nodes { id status entry { id } } } }`,
      {},
      check.adminToken,
    );
    const concern = (concerns.nodes as { id: string; entry: { id: string } }[]).find(
      (c) => c.entry.id === id,
    );
    await data(
      `mutation($i: RespondToConcernInput!) { respondToConcern(input: $i) { status } }`,
      { i: { id: concern!.id, status: 'ACKNOWLEDGED' } },
      check.adminToken,
    );
    const { value: mail } = await eventually(
      async () =>
        (
          await docker(
            'exec',
            check.containers.indexer,
            'sh',
            '-c',
            'cat /var/lib/insyn/mail/*.eml 2>/dev/null || true',
          )
        ).stdout,
      (text) => text.includes(fileConcern.trackingCode as string),
      { what: 'the acknowledgement in the indexer’s mail folder', timeoutMs: 30_000 },
    );
    // Quoted-printable: soft line breaks (`=` at a line's end) and bytes as =XX.
    const text = Buffer.from(
      mail.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`),
    ).toString();
    const decoded = decodeURIComponent(text.replace(/%(?![0-9A-F]{2})/g, '%25'));
    expect(decoded).toContain(`${check.publicUrl}/sv/concerns/track`);
    expect(decoded).not.toContain('localhost');
  });

  it('serves the open-data exports and a sensor sign (SVG and PDF) from the image', async () => {
    const { slug: sensor } = await publishAndFind(`Gångtrafikräknare ${slug}`, 'iot');
    const catalogue = await fetch(`${check.proxyUrl}/exports`);
    expect(catalogue.status).toBe(200);
    const files = [
      ...new Set([...(await catalogue.text()).matchAll(/\/exports\/[^"?#\s]+/g)].map((m) => m[0])),
    ];
    expect(files).toEqual(
      expect.arrayContaining(['/exports/entries.csv', '/exports/entries.json']),
    );
    for (const file of files) {
      const response = await fetch(`${check.proxyUrl}${file}`);
      const body = await response.text();
      expect([file, response.status, body.length > 0]).toEqual([file, 200, true]);
    }
    const csv = await (await fetch(`${check.proxyUrl}/exports/entries.csv`)).text();
    expect(csv).toContain(`${check.publicUrl}/entries/${sensor}`);
    const svg = await fetch(`${check.proxyUrl}/signs/${sensor}.svg`);
    expect([svg.status, (await svg.text()).startsWith('<')]).toEqual([200, true]);
    const pdf = await fetch(`${check.proxyUrl}/signs/${sensor}.pdf`);
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('keeps answering through the proxy while a replica stops, and takes it back', async () => {
    const [first] = check.containers.replicas;
    let answered = 0;
    const failed: string[] = [];
    let stopped = false;
    const load = (async () => {
      while (!stopped) {
        try {
          const response = await fetch(`${check.proxyUrl}/health`);
          await response.arrayBuffer();
          if (response.status === 200) answered++;
          else failed.push(String(response.status));
        } catch (error) {
          failed.push(String(error));
        }
      }
    })();
    await docker('stop', first);
    const afterStop = answered;
    await eventually(
      async () => answered,
      (n) => n >= afterStop + 200,
      { what: '200 more answers with one replica stopped', timeoutMs: 60_000 },
    );
    stopped = true;
    await load;
    // The stand-in Caddy (2.6.2) now and then answers 502 for a request that met the stopping
    // replica as it closed its idle connections (seen once in some 3,000; the pinned 2.11.2 is
    // untried here). Anything else, or more than one in a hundred, is a fault of the stack.
    expect(failed.filter((f) => f !== '502')).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(answered / 100);
    await docker('start', first);
    await eventually(
      () => healthy(first),
      (ok) => ok,
      { what: 'the stopped replica healthy again', timeoutMs: 120_000 },
    );
  });

  it('answers 503 while PostgreSQL is stopped, and works again once it is back, without a restart', async () => {
    await docker('stop', check.containers.postgres);
    try {
      const health = await fetch(`${check.apiUrl}/health`);
      expect(health.status).toBe(503);
      const answer = await graphql('{ principles { code } }', {}, undefined, check.apiUrl);
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);
      const page = await fetch(`${check.apiUrl}/sv/`);
      expect([page.status, page.headers.get('retry-after')]).toEqual([503, '30']);
    } finally {
      await docker('start', check.containers.postgres);
    }
    await eventually(
      async () => (await fetch(`${check.apiUrl}/health`)).status,
      (status) => status === 200,
      { what: 'the API healthy again', timeoutMs: 120_000 },
    );
    // Writes, the outbox and the indexer's LISTEN work again: a publication is found.
    const { searchableAfterMs } = await publishAndFind(`Snöröjningsrutt ${slug}`);
    expect(searchableAfterMs).toBeLessThan(30_000);
    // The database's absence was said at error level by the API, never with a stack.
    const { stdout } = await docker('logs', '--since', '10m', check.containers.api);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.some((line) => line.includes('"level":50'))).toBe(true);
    expect(lines.filter((line) => line.includes('"stack"'))).toEqual([]);
  });

  it('holds one reader to the rate limit in sum across both replicas', async () => {
    // A reader of its own (a documentation address, new each run), as the host's TLS proxy
    // would name it: the stack's proxy and the gateway are trusted, so the API counts this one.
    const reader = `198.51.100.${1 + (Date.now() % 250)}`;
    const ask = () =>
      fetch(`${check.proxyUrl}/graphql?query=%7B__typename%7D`, {
        headers: { 'apollo-require-preflight': '1', 'x-forwarded-for': reader },
      });
    const first = await ask();
    await first.arrayBuffer();
    const limit = Number(first.headers.get('ratelimit-limit'));
    expect([first.status, Number(first.headers.get('ratelimit-remaining'))]).toEqual([
      200,
      limit - 1,
    ]);
    const statuses: number[] = [first.status];
    while (statuses.length < limit + 100) {
      const answers = await Promise.all(Array.from({ length: 10 }, ask));
      for (const answer of answers) {
        await answer.arrayBuffer();
        statuses.push(answer.status);
      }
    }
    const passed = statuses.filter((status) => status === 200).length;
    // Both replicas together let through at most the one budget. Each takes its points from
    // PostgreSQL a few at a time (rate-limit-leases.ts), so a replica may be left holding
    // some it did not use: at most a fortieth of the limit.
    expect(passed).toBeLessThanOrEqual(limit);
    expect(passed).toBeGreaterThanOrEqual(limit - Math.floor(limit / 40));
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
  });
});
