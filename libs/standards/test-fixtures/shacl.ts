import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { JsonLdParser } from 'jsonld-streaming-parser';
import { Parser as TurtleParser, Quad, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { DCAT_AP_CONTEXT } from '../src/mappers/dcat-ap.mapper';

/**
 * DCAT-AP 3.0.1 SHACL validation for tests: the JSON-LD export parsed to RDF (the DCAT-AP
 * context served from test-data/, never fetched), checked by rdf-validate-shacl against the
 * shapes of test-data/dcat-ap-3.0.1 (CC BY 4.0, © European Union; see test-data/README.md).
 */
const DATA = join(__dirname, '..', 'test-data', 'dcat-ap-3.0.1');

function shapes(...files: string[]): Store {
  const store = new Store();
  for (const file of files)
    store.addQuads(new TurtleParser().parse(readFileSync(join(DATA, file), 'utf8')));
  return store;
}

/** The export's RDF. */
export async function jsonLdToStore(document: string): Promise<Store> {
  const context = JSON.parse(readFileSync(join(DATA, 'dcat-ap.context.jsonld'), 'utf8'));
  const parser = new JsonLdParser({
    // The published DCAT-AP 3.0.1 context maps the terms `Xsd:dateTime` … to IRIs, which strict
    // JSON-LD 1.1 context validation refuses; the terms the export uses are unaffected.
    skipContextValidation: true,
    documentLoader: {
      load: async (url: string) => {
        if (url !== DCAT_AP_CONTEXT) throw new Error(`unexpected context ${url}`);
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
  return validate(data, shapes('shapes.ttl', 'range.ttl'));
}

/** Findings of the recommended shapes (warnings, reported). */
export async function dcatRecommendedFindings(data: Store): Promise<ShaclFinding[]> {
  return validate(data, shapes('shapes_recommended.ttl'));
}
