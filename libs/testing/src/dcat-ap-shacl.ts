import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Quad, Store } from 'n3';

/**
 * DCAT-AP 3.0.1 SHACL validation for tests: a JSON-LD document parsed to RDF (the DCAT-AP
 * context served from libs/standards/test-data, never fetched), checked by rdf-validate-shacl
 * against the shapes there (CC BY 4.0, © European Union; see its README.md). The RDF libraries
 * are loaded on first use, so other tests do not pay for them.
 */
const DATA = join(__dirname, '..', '..', 'standards', 'test-data', 'dcat-ap-3.0.1');

async function shapes(...files: string[]): Promise<Store> {
  const { Parser, Store } = await import('n3');
  const store = new Store();
  for (const file of files)
    store.addQuads(new Parser().parse(readFileSync(join(DATA, file), 'utf8')));
  return store;
}

/** The RDF of a JSON-LD document whose context is `contextUrl` (the DCAT-AP context). */
export async function jsonLdToStore(document: string, contextUrl: string): Promise<Store> {
  const { JsonLdParser } = await import('jsonld-streaming-parser');
  const { Store } = await import('n3');
  const context = JSON.parse(readFileSync(join(DATA, 'dcat-ap.context.jsonld'), 'utf8'));
  const parser = new JsonLdParser({
    // The published DCAT-AP 3.0.1 context maps the terms `Xsd:dateTime` … to IRIs, which strict
    // JSON-LD 1.1 context validation refuses; the terms the export uses are unaffected.
    skipContextValidation: true,
    documentLoader: {
      load: async (url: string) => {
        if (url !== contextUrl) throw new Error(`unexpected context ${url}`);
        return context;
      },
    },
  });
  const store = new Store();
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (quad: Quad) => store.addQuad(quad));
    parser.on('error', reject);
    parser.on('end', resolve);
    Readable.from([document]).pipe(parser);
  });
  return store;
}

export interface ShaclFinding {
  severity: string;
  focusNode: string;
  path: string | null;
  message: string;
}

async function validate(data: Store, shapeStore: Store): Promise<ShaclFinding[]> {
  const { default: SHACLValidator } = await import('rdf-validate-shacl');
  const validator = new SHACLValidator(shapeStore);
  const report = await validator.validate(data);
  return report.results.map((r) => ({
    severity: r.severity?.value.replace('http://www.w3.org/ns/shacl#', '') ?? 'Violation',
    focusNode: r.focusNode?.value ?? '',
    path: r.path?.value ?? null,
    message: r.message.map((m) => m.value).join(' ') || (r.sourceConstraintComponent?.value ?? ''),
  }));
}

/** Findings of the mandatory shapes and the range shapes (must be none at Violation level). */
export async function dcatMandatoryFindings(data: Store): Promise<ShaclFinding[]> {
  return validate(data, await shapes('shapes.ttl', 'range.ttl'));
}

/** Findings of the recommended shapes (warnings, reported). */
export async function dcatRecommendedFindings(data: Store): Promise<ShaclFinding[]> {
  return validate(data, await shapes('shapes_recommended.ttl'));
}
