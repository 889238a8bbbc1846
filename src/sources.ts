/**
 * The registry of sources: the one place that lists them. Adding a source (say, the population registry) means
 * its SDL file, resolver file and connector folder, catalogue entries, and one line here.
 */
import { directorySource } from '../connectors/directory';
import { statisticsSource } from '../connectors/statistics';
import { fiscalSource } from '../connectors/fiscal';
import { decisionSource } from '../connectors/decision';

// Order matters twice: SDL is merged in this order (a source may extend types of the ones before it), and demo
// data is seeded in this order.
export const sources = [directorySource, statisticsSource, fiscalSource, decisionSource] as const;

export type RegisteredSource = (typeof sources)[number];
export type SourceName = RegisteredSource['name'];

/** Per-request loaders of every source, keyed by source name: `ctx.loaders.fiscal.enterprise.load(code)`. */
export type Loaders = { [S in RegisteredSource as S['name']]: ReturnType<S['createLoaders']> };

/** Row types whose connectors apply district scopes in SQL (grants may carry a district scope only on these). */
export const DISTRICT_SCOPED_TYPES: ReadonlySet<string> = new Set(
  sources.flatMap((s) => s.districtScopedTypes),
);
