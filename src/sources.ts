/**
 * The registry of sources: the one place that lists them. A source is its connector folder
 * (`connectors/<name>/`), its resolver file (`resolvers/<name>.ts`), its SDL (`schema/<name>.graphql`, found by
 * name) and one line here.
 */
import type { IResolvers } from '@graphql-tools/utils';
import type { AnySource, SourceDefinition, SourceName } from '../connectors/shared/source';
import { directorySource } from '../connectors/directory';
import { statisticsSource } from '../connectors/statistics';
import { fiscalSource } from '../connectors/fiscal';
import { decisionSource } from '../connectors/decision';
import { marketSource } from '../connectors/market';
import { resolvers as directoryResolvers } from '../resolvers/directory';
import { resolvers as statisticsResolvers } from '../resolvers/statistics';
import { resolvers as fiscalResolvers } from '../resolvers/fiscal';
import { resolvers as decisionResolvers } from '../resolvers/decision';
import { resolvers as marketResolvers } from '../resolvers/market';

/** A connector with the resolvers of its SDL: what the hub serves of one source. */
export type RegisteredSource = AnySource & {
  /** Resolver map for the types this source's SDL defines or extends. */
  readonly resolvers: IResolvers;
  /** Its SDL file under `schema/`: the source's name, by convention. */
  readonly schemaFile: string;
};

/** Registers a connector with its resolvers. */
function source<Name extends SourceName>(
  connector: SourceDefinition<Name>,
  resolvers: IResolvers,
): RegisteredSource {
  return { ...connector, resolvers, schemaFile: `${connector.name}.graphql` } as RegisteredSource;
}

// Order matters twice: SDL is merged in this order (a source may extend types of the ones before it), and demo
// data is seeded in this order.
export const sources: readonly RegisteredSource[] = [
  source(directorySource, directoryResolvers),
  source(statisticsSource, statisticsResolvers),
  source(fiscalSource, fiscalResolvers),
  source(decisionSource, decisionResolvers),
  source(marketSource, marketResolvers),
];

export type { SourceName };

/** Row types whose connectors apply district scopes in SQL (grants may carry a district scope only on these). */
export const DISTRICT_SCOPED_TYPES: ReadonlySet<string> = new Set(
  sources.flatMap((s) => s.districtScopedTypes),
);
