/** What the exporters, importers and signs need to know about the deployment. */
export interface StandardsSettings {
  /** The public base URL, without a trailing slash (INSYN_PUBLIC_URL). */
  publicUrl: string;
  /** The city the register belongs to (INSYN_ORGANISATION_NAME). */
  organisationName: string;
}

/** Nest token of the StandardsSettings. */
export const STANDARDS_SETTINGS = Symbol('StandardsSettings');

/**
 * The stable public URL of an entry: its page by slug. The public site serves it in the reader's
 * language; signs, exports and standards all link here.
 */
export function entryUrl(settings: StandardsSettings, slug: string): string {
  return `${settings.publicUrl}/entries/${encodeURIComponent(slug)}`;
}

/** The URL an export is served at (see the README's export table). */
export function exportUrl(settings: StandardsSettings, file: string): string {
  return `${settings.publicUrl}/exports/${file}`;
}
