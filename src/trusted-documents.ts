/**
 * Trusted documents (persisted documents): the GraphQL documents of the hub's own console, registered by hash.
 *
 * graphql-codegen's client preset writes console/src/gql/persisted-documents.json from the documents in the
 * console's source ({"sha256:<hex>": "<document>"}); the console sends only `documentId`. For a console session
 * that is the only way to change anything: a stolen console token cannot run a mutation the console's pages do
 * not run (src/server.ts). Any client may send a `documentId` of this list.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const TRUSTED_DOCUMENTS_FILE = path.join('console', 'src', 'gql', 'persisted-documents.json');
const ID = /^sha256:[0-9a-f]{64}$/;

export class TrustedDocuments {
  private constructor(private readonly byId: ReadonlyMap<string, string>) {}

  /**
   * Reads the manifest under `projectRoot`; none there means no trusted documents. Throws when an entry's id is
   * not the SHA-256 of its text: the file was edited by hand, and the console would run something else than it
   * names.
   */
  static load(projectRoot: string): TrustedDocuments {
    const file = path.join(projectRoot, TRUSTED_DOCUMENTS_FILE);
    if (!fs.existsSync(file)) return new TrustedDocuments(new Map());
    const entries = Object.entries(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>);
    for (const [id, text] of entries) {
      const hash =
        typeof text === 'string' ? `sha256:${createHash('sha256').update(text).digest('hex')}` : '';
      if (!ID.test(id) || hash !== id) {
        throw new Error(
          `${TRUSTED_DOCUMENTS_FILE}: entry ${id.slice(0, 80)} is not its document's hash; run npm run codegen`,
        );
      }
    }
    return new TrustedDocuments(new Map(entries as [string, string][]));
  }

  /** The document registered under `id`, if any. */
  text(id: string): string | undefined {
    return this.byId.get(id);
  }

  /** The id of the document that defines operation `name` (`query Name`, `mutation Name`), if any. */
  idOfOperation(name: string): string | undefined {
    // Fragments may come first in the document's text.
    const defines = new RegExp(`(?:^|[\\s}])(query|mutation|subscription) ${name}\\b`);
    for (const [id, text] of this.byId) if (defines.test(text)) return id;
    return undefined;
  }

  get size(): number {
    return this.byId.size;
  }
}
