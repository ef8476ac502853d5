import { EntryContent } from '../entries/entry-content';
import { EntryKind, EntryStatus } from '../entries/entry-enums';
import { ViewVersion } from '../entries/entry-view';
import { EntryEntity } from '../entries/entry.entity';
import { Actor, ANONYMOUS, Role } from '@insyn/access';
import { EntryVisibilityPolicy, publicEntryView } from './entry-visibility.policy';
import { RegistryClock } from './registry-clock';

describe('publicEntryView', () => {
  // A published entry (version 2) whose next version is a draft saved after its publication.
  const entry = {
    id: 'e1',
    slug: 'kamera',
    kind: EntryKind.IOT_DEPLOYMENT,
    departmentId: 'd1',
    status: EntryStatus.DRAFT,
    version: 3,
    currentVersionId: 'v3-draft',
    publishedVersionId: 'v2',
    firstPublishedAt: new Date('2026-02-01T00:00:00Z'),
    lastPublishedAt: new Date('2026-03-01T00:00:00Z'),
    retiredAt: null,
    retirementReason: null,
    createdAt: new Date('2025-06-01T00:00:00Z'),
    updatedAt: new Date('2026-04-01T00:00:00Z'),
  } as EntryEntity;
  const content: EntryContent = {
    title: 'Kamera',
    suppliers: [{ name: 'Hemlig AB' }],
    withheld: [{ field: 'suppliers', legalGround: 'OSL 31:16' }],
  };
  const version = {
    id: 'v2',
    entryId: 'e1',
    number: 2,
    content,
    publishedAt: entry.lastPublishedAt,
    updatedAt: entry.lastPublishedAt,
  } as ViewVersion;

  it('carries nothing of the pending draft, nor its time as a draft, nor what is withheld', () => {
    const view = publicEntryView(entry, version, new Date('2026-05-01T00:00:00Z'));
    expect(view.entry).toMatchObject({
      status: EntryStatus.PUBLISHED,
      version: 2,
      currentVersionId: 'v2',
      createdAt: entry.firstPublishedAt,
      updatedAt: entry.lastPublishedAt,
    });
    expect(view.content.suppliers).toBeUndefined();
    expect(view.version.content.suppliers).toBeUndefined();
  });
});

describe('EntryVisibilityPolicy: the status filter', () => {
  const policy = new EntryVisibilityPolicy({ today: () => '2026-05-01' } as RegistryClock);
  const { PUBLISHED, RETIRED, DRAFT, IN_REVIEW } = EntryStatus;

  it.each([
    [[PUBLISHED, RETIRED], 'TRUE', 'TRUE'],
    [[PUBLISHED, RETIRED, DRAFT, IN_REVIEW], 'TRUE', 'TRUE'],
    [[RETIRED], '(e.retired_at IS NOT NULL)', '(e.retired_at <= :asOf)'],
    [[PUBLISHED], '(e.retired_at IS NULL)', '(e.retired_at IS NULL OR e.retired_at > :asOf)'],
    [[DRAFT, IN_REVIEW], 'FALSE', 'FALSE'],
  ])(
    'for the public, %j is a condition on retired_at (now: %s, as of: %s)',
    (statuses, now, asOf) => {
      expect(policy.statusInSql(ANONYMOUS, statuses, '(:...s)')).toBe(now);
      expect(policy.asOfStatusInSql(statuses)).toBe(asOf);
    },
  );

  it('for staff, the status they see, in the list', () => {
    const auditor = {
      kind: 'token',
      tokenId: 't',
      personId: null,
      label: 'auditor',
      role: Role.AUDITOR,
      departmentId: null,
    } as Actor;
    expect(policy.statusInSql(auditor, [RETIRED], '(:...s)')).toBe('e.status IN (:...s)');
  });
});
