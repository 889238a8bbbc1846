/**
 * Runs the console's GraphQL documents as the signed-in person.
 *
 * The console sends only a document's hash (`documentId`): its documents are registered with the hub as the
 * console client's trusted documents (codegen.ts, src/trusted-documents.ts), and the bundle does not even carry
 * their text. The query page (GraphiQL) is the exception and sends text, which the hub runs only as a query.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { accessToken } from './session';

/** One error of a GraphQL answer, as the hub formats it. */
export interface HubError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; limit?: number; [key: string]: unknown };
}

/** An answer: data (possibly partial) with the errors of the fields that were refused or failed. */
export interface Answer<R> {
  data: R | null;
  errors: HubError[];
}

/** The whole request failed (signed out, refused before execution, network): `code` says why. */
export class RequestFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** The trusted document's hash the generated document carries. */
function documentId(document: TypedDocumentNode<unknown, unknown>): string {
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!hash) throw new Error('Not a generated console document: run npm run codegen.');
  return hash;
}

/** POSTs one GraphQL request with the person's token; throws RequestFailed when there is no answer to show. */
export async function post<R>(body: Record<string, unknown>): Promise<Answer<R>> {
  const token = await accessToken();
  if (!token) throw new RequestFailed('UNAUTHENTICATED', 'Signed out.', 401);
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
    });
  } catch {
    throw new RequestFailed('NETWORK', 'The hub cannot be reached.');
  }
  const answer = (await response.json().catch(() => null)) as {
    data?: R | null;
    errors?: HubError[];
  } | null;
  if (!answer) throw new RequestFailed(`HTTP_${response.status}`, response.statusText, response.status);
  if (answer.data === undefined || answer.data === null) {
    const first = answer.errors?.[0];
    if (first && !first.path) {
      throw new RequestFailed(first.extensions?.code ?? 'ERROR', first.message, response.status);
    }
  }
  return { data: answer.data ?? null, errors: answer.errors ?? [] };
}

/** Runs one of the console's documents. */
export function run<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<Answer<R>> {
  return post<R>({ documentId: documentId(document as TypedDocumentNode<unknown, unknown>), variables });
}

/** The error of the field at `path` (exactly that path), if the hub refused or failed it. */
export function errorAt(errors: readonly HubError[], ...path: (string | number)[]): HubError | undefined {
  return errors.find(
    (e) => e.path && e.path.length === path.length && e.path.every((step, i) => step === path[i]),
  );
}

/** The hub's refusal in one line: each error's message, with the input field it names. */
export function describe(errors: readonly HubError[]): string {
  return errors
    .map((e) => (e.extensions?.field ? `${String(e.extensions.field)}: ${e.message}` : e.message))
    .join(' ');
}
