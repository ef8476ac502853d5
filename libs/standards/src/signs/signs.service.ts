import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ANONYMOUS } from '@insyn/access';
import { DepartmentsService, EntriesRepository, EntryKind } from '@insyn/registry';
import { exportEntryOf } from '../export/export-entry';
import { STANDARDS_SETTINGS, StandardsSettings } from '../standards-settings';
import { signContent } from './sign-content';
import { signLayout } from './sign-layout';
import { signPdf } from './sign.pdf';
import { signSvg } from './sign.svg';

export type SignFormat = 'svg' | 'pdf';

export interface Sign {
  body: Buffer;
  mediaType: string;
  /** A digest of the body (the sign is small; it is drawn before it is compared). */
  etag: string;
  url: string;
}

/**
 * Printable signs for published IoT deployments (what is collected, by whom and why, in DTPR's
 * categories, Swedish and English, with a QR code to the entry's page). Reads the entry as the
 * public sees it; anything else (a draft, a retired deployment, another kind, an unknown slug)
 * has no sign.
 */
@Injectable()
export class SignsService {
  constructor(
    private readonly entries: EntriesRepository,
    private readonly departments: DepartmentsService,
    @Inject(STANDARDS_SETTINGS) private readonly settings: StandardsSettings,
  ) {}

  async sign(slug: string, format: SignFormat): Promise<Sign | null> {
    const view = await this.entries.findOne(ANONYMOUS, { slug });
    // A retired deployment's sensors are gone: it has no sign.
    if (!view || view.entry.kind !== EntryKind.IOT_DEPLOYMENT || view.entry.retiredAt) return null;
    const department = await this.departments.byId(view.entry.departmentId);
    if (!department) return null;
    const entry = exportEntryOf(view, department, this.settings);
    const content = signContent(entry);
    const layout = signLayout(content);
    const body =
      format === 'svg'
        ? Buffer.from(signSvg(layout), 'utf8')
        : await signPdf(layout, content.title, view.version.publishedAt ?? SIGN_EPOCH);
    return {
      body,
      mediaType: format === 'svg' ? 'image/svg+xml; charset=utf-8' : 'application/pdf',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      url: entry.url,
    };
  }
}

/** The creation date of a sign whose version has no publication time (none that the public sees). */
const SIGN_EPOCH = new Date('2000-01-01T00:00:00Z');
