/** `useQuery`: runs a console document when its variables change and keeps loading, answer and failure. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { run, RequestFailed, type Answer } from './api';

export interface QueryState<R> {
  loading: boolean;
  answer: Answer<R> | null;
  failure: RequestFailed | null;
  /** Runs it again (after a change, or when the person asks). */
  reload: () => void;
}

export function useQuery<R, V>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  options: { skip?: boolean } = {},
): QueryState<R> {
  const key = JSON.stringify(variables ?? null);
  const [state, setState] = useState<Omit<QueryState<R>, 'reload'>>({
    loading: !options.skip,
    answer: null,
    failure: null,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    if (options.skip) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true, failure: null }));
    run(document, JSON.parse(key) as V).then(
      (answer) => ticket === latest.current && setState({ loading: false, answer, failure: null }),
      (error: unknown) =>
        ticket === latest.current &&
        setState({
          loading: false,
          answer: null,
          failure: error instanceof RequestFailed ? error : new RequestFailed('ERROR', String(error)),
        }),
    );
  }, [document, key, round, options.skip]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { ...state, reload };
}
