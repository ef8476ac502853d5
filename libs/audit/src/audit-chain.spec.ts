import { createHash } from 'node:crypto';
import { AuditChainFields, auditEventHash, canonicalJson, GENESIS_HASH } from './audit-chain';

describe('canonicalJson (RFC 8785 for JSON values)', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}',
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    // RFC 8785 §3.2.3's example: "\r" < "1" < "\u0080" < "ö" < "€" < "😀" < "ﬂ".
    const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
    const sorted = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    // (Not through JSON.parse: a JavaScript object lists integer-like keys such as "1" first.)
    expect(canonicalJson(Object.fromEntries(keys.map((k) => [k, 0])))).toBe(
      `{${sorted.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`,
    );
  });

  it('writes numbers and strings as JSON.stringify does, and leaves undefined members out', () => {
    expect(canonicalJson({ n: 1e21, f: 0.1, neg: -0, s: 'å"\n', u: undefined })).toBe(
      '{"f":0.1,"n":1e+21,"neg":0,"s":"å\\"\\n"}',
    );
  });

  it.each([[NaN], [Infinity], [() => 1], [Symbol('x')]])('refuses %p', (value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });
});

describe('auditEventHash', () => {
  const event: AuditChainFields = {
    id: '1',
    occurredAt: '2025-01-31T09:15:02.123456Z',
    action: 'DEPARTMENT_CREATED',
    actorLabel: 'cli:anna',
    actorRole: 'ADMIN',
    actorTokenId: null,
    entryId: null,
    entryVersion: null,
    departmentId: '6f1c1c52-7d0e-4c4e-9c33-2f4d7f0f2a11',
    details: { slug: 'kulturforvaltningen', nameSv: 'Kulturförvaltningen' },
    prevHash: GENESIS_HASH,
  };

  it('is SHA-256 of the canonical JSON of the fields, prevHash included', () => {
    const canonical =
      '{"action":"DEPARTMENT_CREATED","actorLabel":"cli:anna","actorRole":"ADMIN","actorTokenId":null,' +
      '"departmentId":"6f1c1c52-7d0e-4c4e-9c33-2f4d7f0f2a11","details":{"nameSv":"Kulturförvaltningen",' +
      '"slug":"kulturforvaltningen"},"entryId":null,"entryVersion":null,"id":"1",' +
      `"occurredAt":"2025-01-31T09:15:02.123456Z","prevHash":"${GENESIS_HASH}"}`;
    expect(auditEventHash(event)).toBe(createHash('sha256').update(canonical).digest('hex'));
    expect(auditEventHash(event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, Partial<AuditChainFields>]>([
    ['the id', { id: '2' }],
    ['the time, by a microsecond', { occurredAt: '2025-01-31T09:15:02.123457Z' }],
    ['the actor', { actorLabel: 'cli:bertil' }],
    ['a detail', { details: { ...{ slug: 'kulturforvaltningen' }, nameSv: 'Kultur' } }],
    ['the previous hash', { prevHash: 'f'.repeat(64) }],
    ['a null into a value', { entryVersion: 1 }],
  ])('changes with %s', (_what, change) => {
    expect(auditEventHash({ ...event, ...change })).not.toBe(auditEventHash(event));
  });

  it('does not depend on the order of the keys given', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse()) as AuditChainFields;
    const details = { nameSv: 'Kulturförvaltningen', slug: 'kulturforvaltningen' };
    expect(auditEventHash({ ...reordered, details })).toBe(auditEventHash(event));
  });
});
