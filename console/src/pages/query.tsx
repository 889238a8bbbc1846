/**
 * 查询: GraphiQL, built into the bundle (its editor's workers too: never a CDN), running as the signed-in person.
 * The docs are the hub's schema with the catalogue's descriptions. `?query=` opens it with that query. The hub runs what is typed here only as a query:
 * changes go through the console's own pages (their documents are the console's trusted documents).
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { useEffect, useRef, useState, type ComponentProps } from 'react';
import { GraphiQL } from 'graphiql';
import { post } from '../api';
import { useI18n } from '../i18n';

const DEFAULT_QUERY = `# 当前身份与可用资源 / who you are and what you may read
query WhoAmI {
  me {
    clientId
    role
    endUser
    department {
      code
      name
    }
  }
  hub {
    version
    sources
  }
}
`;

type Fetcher = ComponentProps<typeof GraphiQL>['fetcher'];
type FetcherAnswer = Awaited<ReturnType<Fetcher>>;

/** Runs GraphiQL's request as the signed-in person; the hub's errors are shown as GraphiQL shows any. */
const fetcher: Fetcher = async (params) => {
  let answer: unknown;
  try {
    const { data, errors } = await post<unknown>({
      query: params.query,
      variables: params.variables,
      operationName: params.operationName,
    });
    answer = errors.length ? { data, errors } : { data };
  } catch (error) {
    const failure = error as { code?: string; message: string };
    answer = { errors: [{ message: failure.message, extensions: { code: failure.code } }] };
  }
  // The hub's errors are JSON, not GraphQLError instances: GraphiQL only prints them.
  return answer as FetcherAnswer;
};

/**
 * GraphiQL 5 marks each editor tab `role="tab"` and puts its label and close buttons inside it: interactive
 * controls nested in an interactive element, which screen readers cannot reach (axe-core: nested-interactive,
 * serious). The buttons work on their own, so the tab wrappers are made presentational as GraphiQL renders them.
 * Returns the observer's disconnect.
 */
function untabTabs(root: HTMLElement): () => void {
  const fix = () => {
    for (const tab of root.querySelectorAll('[role="tab"], [role="presentation"][aria-selected]')) {
      tab.setAttribute('role', 'presentation');
      // A presentational element may carry no tab state (axe-core: aria-allowed-attr).
      for (const name of ['aria-selected', 'aria-controls']) tab.removeAttribute(name);
    }
    for (const list of root.querySelectorAll('[role="tablist"]')) list.setAttribute('role', 'toolbar');
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(root, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['role', 'aria-selected', 'aria-controls'],
  });
  return () => observer.disconnect();
}

export default function QueryPage() {
  const { t } = useI18n();
  // A link may open the page with a query to run (/console/query?query=...): the catalogue's examples, say.
  const [linked] = useState(() => new URLSearchParams(location.search).get('query'));
  const box = useRef<HTMLElement>(null);
  useEffect(() => untabTabs(box.current!), []);
  return (
    <section ref={box} className="graphiql-page" aria-label={t('nav.query')}>
      <GraphiQL
        fetcher={fetcher}
        defaultQuery={DEFAULT_QUERY}
        initialQuery={linked ?? undefined}
        shouldPersistHeaders={false}
      />
    </section>
  );
}
