/**
 * Resolvers of the shared types: the Date scalar and the hub's own description.
 */
import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../connectors/shared/errors';
import type { Resolvers } from './__generated__/types';

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function parseDate(value: unknown): string {
  // The round trip rejects days a month lacks (2009-02-30), which Date.parse would roll over into March.
  if (
    typeof value !== 'string' ||
    !ISO_DATE.test(value) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw badInput(`A Date is written YYYY-MM-DD, e.g. 2009-06-30; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Calendar dates travel as 'YYYY-MM-DD' strings both ways; anything else is a BAD_USER_INPUT. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => String(value),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export function sharedResolvers(info: {
  version: string;
  sources: string[];
  maxPageSize: number;
}): Resolvers {
  return {
    Date: DateScalar,
    Query: {
      hub: () => ({ name: 'Qingdao data-sharing and exchange hub', ...info }),
    },
  };
}
