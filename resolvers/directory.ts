/**
 * Resolvers of the directory's reference types (regions and departments), and of the hub's own API, which calls
 * the directory's control plane (auth/control-plane).
 */
import { GraphQLScalarType, Kind, type GraphQLSchema } from 'graphql';
import { mergeResolvers } from '@graphql-tools/merge';
import type { Resolvers } from './__generated__/types';
import type { HubContext } from '../src/context';
import type { Actor } from '../auth/control-plane';
import { itemsOfResource } from '../auth/directory-state';
import { badInput } from '../connectors/shared/errors';
import { generateSecret } from '../auth/secrets';
import { pgTimestamp } from '../connectors/shared/pg-time';
import { auditResolvers } from './audit';
import { exampleQuery } from './example-query';

const referenceResolvers: Resolvers = {
  Query: {
    region: (_, { code }, { loaders }) => loaders.directory.region.load(code),
    regions: (_, __, { loaders }) => loaders.directory.regions(),
    department: (_, { code }, { loaders }) => loaders.directory.department.load(code),
    departments: async (_, args, { loaders }) => {
      if (args.regionCode) await loaders.directory.requireRegions([args.regionCode], 'regionCode');
      return loaders.directory.departments(args);
    },
  },
  Region: {
    // Federation: another subgraph's Region reference ({ code }) becomes the row, batched with every other lookup.
    __resolveReference: (ref, { loaders }) => (ref.code ? loaders.directory.region.load(ref.code) : null),
    parent: (region, _, { loaders }) =>
      region.parentCode ? loaders.directory.region.load(region.parentCode) : null,
  },
  Department: {
    __resolveReference: (ref, { loaders }) => (ref.code ? loaders.directory.department.load(ref.code) : null),
    region: (department, _, { loaders }) => loaders.directory.region.load(department.regionCode),
  },
};

// --- The hub's own API: catalogue, access, grants, clients, sharing requests. Role checks are in auth/rules.ts;
// these resolvers only scope rows (a department sees its own) and pass arguments through. ---

/** Example queries per schema and resource: computed once each, the schema does not change while it serves. */
const examples = {
  cache: new WeakMap<GraphQLSchema, Map<string, string | null>>(),
  of(schema: GraphQLSchema, resource: { code: string; graphqlType: string }, coordinates: readonly string[]) {
    let bySchema = this.cache.get(schema);
    if (!bySchema) this.cache.set(schema, (bySchema = new Map()));
    if (!bySchema.has(resource.code))
      bySchema.set(resource.code, exampleQuery(schema, resource.graphqlType, new Set(coordinates)));
    return bySchema.get(resource.code)!;
  },
};

/** A caller as the change log records it: a console person by name, at the console's client. */
function actor(ctx: HubContext): Actor {
  const { clientId, role, departmentCode, personRoles, endUser } = ctx.caller;
  return {
    clientId,
    role,
    departmentCode,
    name: personRoles && endUser ? `${endUser}@${clientId}` : clientId,
  };
}

/**
 * Waits for a directory change, then reloads this process's directory so that the very next request sees it
 * (other processes reload when they hear the change's NOTIFY).
 */
async function applied<T>(ctx: HubContext, change: Promise<T>): Promise<T> {
  const result = await change;
  await ctx.directory.reload();
  return result;
}

/** Department whose rows a caller may see: null for administrators (all rows). */
function visibleTo(ctx: HubContext): string | null {
  return ctx.caller.role === 'ADMIN' ? null : (ctx.caller.departmentCode ?? '-');
}

function numericId(id: string, argument: string): number {
  if (!/^[1-9]\d{0,15}$/.test(id))
    throw badInput(`"${argument}" must be a positive whole number; got "${id}".`, argument);
  return Number(id);
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw badInput(
      `A DateTime is ISO 8601 with a time zone, e.g. 2027-01-31T00:00:00Z; got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

/** Points in time travel as ISO 8601 strings with a zone; values are checked, then passed on as strings. */
export const DateTimeScalar = new GraphQLScalarType<Date | string, string>({
  name: 'DateTime',
  serialize: (value) => pgTimestamp(value)!.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const apiResolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    me: (_, __, { caller }) => caller,
    directory: (_, __, { controlPlane }) => controlPlane.catalogue.resources(),
    myAccess: async (_, __, ctx) => {
      const catalogue = ctx.controlPlane.catalogue;
      const resources = await catalogue.resources();
      const items = await catalogue.itemsByResource(resources.map((r) => r.code));
      return resources.map((resource) => ({
        resource,
        items: (items.get(resource.code) ?? []).map((item) => ({
          item,
          ...ctx.access.itemDecision(item.coordinate),
        })),
      }));
    },
    grants: (_, args, ctx) => ctx.controlPlane.grants.grants(args, visibleTo(ctx)),
    clients: (_, args, { controlPlane }) => controlPlane.clients.clients(args),
    consoleUsers: (_, args, { controlPlane }) => controlPlane.consoleUsers.consoleUsers(args),
    catalogueItemImpact: (_, { coordinate, shareType }, { controlPlane }) =>
      controlPlane.catalogue.reclassificationImpact(coordinate, shareType),
    sharingRequests: (_, args, ctx) => ctx.controlPlane.sharingRequests.sharingRequests(args, visibleTo(ctx)),
  },
  Mutation: {
    createConsoleUser: (_, { input }, ctx) =>
      applied(ctx, ctx.controlPlane.consoleUsers.create(actor(ctx), input)),
    disableConsoleUser: (_, { username, reason }, ctx) =>
      applied(ctx, ctx.controlPlane.consoleUsers.disable(actor(ctx), username, reason)),
    registerClient: async (_, { input }, ctx) => {
      const secret = generateSecret();
      const client = await applied(
        ctx,
        ctx.controlPlane.clients.registerClient(actor(ctx), input, ctx.secrets.hash(secret)),
      );
      return { client, clientSecret: secret };
    },
    setClientQuota: (_, args, ctx) => applied(ctx, ctx.controlPlane.clients.setClientQuota(actor(ctx), args)),
    disableClient: (_, { clientId, reason }, ctx) =>
      applied(ctx, ctx.controlPlane.clients.disableClient(actor(ctx), clientId, reason)),
    createGrant: (_, { input }, ctx) => applied(ctx, ctx.controlPlane.grants.createGrant(actor(ctx), input)),
    revokeGrant: (_, { id, reason }, ctx) =>
      applied(ctx, ctx.controlPlane.grants.revokeGrant(actor(ctx), numericId(id, 'id'), reason)),
    updateCatalogueItem: (_, { input }, ctx) =>
      applied(ctx, ctx.controlPlane.catalogue.updateCatalogueItem(actor(ctx), input)),
    updateCatalogueResource: (_, { input }, ctx) =>
      applied(ctx, ctx.controlPlane.catalogue.updateCatalogueResource(actor(ctx), input)),
    requestAccess: (_, { input }, ctx) =>
      applied(ctx, ctx.controlPlane.sharingRequests.requestAccess(actor(ctx), input)),
    reviewSharingRequest: (_, { input }, ctx) =>
      applied(
        ctx,
        ctx.controlPlane.sharingRequests.reviewSharingRequest(actor(ctx), {
          ...input,
          requestId: numericId(input.requestId, 'requestId'),
        }),
      ),
  },
  Me: {
    department: (me, _, { loaders }) =>
      me.departmentCode ? loaders.directory.department.load(me.departmentCode) : null,
  },
  CatalogueResource: {
    provider: (r, _, { loaders }) => loaders.directory.department.load(r.providerDepartmentCode),
    exampleQuery: (r, _, { access }, info) =>
      examples.of(
        info.schema,
        r,
        itemsOfResource(access.snapshot, r.code).map((i) => i.coordinate),
      ),
    // From the request's directory snapshot, which the permission checks read too: no statement per resource.
    items: (r, _, { access }) => [...itemsOfResource(access.snapshot, r.code)],
  },
  CatalogueItem: {
    resource: (i, _, { controlPlane }) => controlPlane.catalogue.resource(i.resourceCode),
  },
  ItemAccess: {
    grantIds: (a) => a.grantIds.map(String),
  },
  Grant: {
    id: (g) => String(g.id),
    consumerDepartment: (g, _, { loaders }) => loaders.directory.department.load(g.consumerDepartmentCode),
    resource: (g, _, { controlPlane }) => controlPlane.catalogue.resource(g.resourceCode),
    active: (g) => {
      const now = new Date();
      const until = pgTimestamp(g.validUntil);
      return !g.endedAt && pgTimestamp(g.validFrom)! <= now && (!until || now < until);
    },
    requestId: (g) => (g.requestId === null ? null : String(g.requestId)),
  },
  Client: {
    department: (c, _, { loaders }) =>
      c.departmentCode ? loaders.directory.department.load(c.departmentCode) : null,
  },
  ConsoleUser: {
    department: (u, _, { loaders }) =>
      u.departmentCode ? loaders.directory.department.load(u.departmentCode) : null,
    disabled: (u) => u.disabledAt !== null,
  },
  SharingRequest: {
    id: (r) => String(r.id),
    requester: (r, _, { loaders }) => loaders.directory.department.load(r.requesterDepartmentCode),
    resource: (r, _, { controlPlane }) => controlPlane.catalogue.resource(r.resourceCode),
    items: (r, _, { controlPlane }) => controlPlane.sharingRequests.requestItems(r.id),
    grant: (r, _, { controlPlane }) => controlPlane.grants.grantOfRequest(r.id),
  },
};

export const resolvers = mergeResolvers([referenceResolvers, apiResolvers, auditResolvers]) as Resolvers;
