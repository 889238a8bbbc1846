/**
 * The composition root: `initHub` opens the databases, prepares them, builds the schema and the server, and
 * returns them with one `close()` that tears everything down in order.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { HubConfig } from './config';
import { openDatabases, prepareDatabases, type HubDatabases } from './databases';
import { buildHubSchema, buildHubSubgraphSchema, hubCatalogue } from './schema';
import type { SourceName } from './sources';
import { createServer } from './server';
import { initAuth, type Auth } from '../auth';
import { buildRuleTree, type RuleTree } from '../auth/rules';
import { guardSchema } from '../auth/access';
import { AuditStore } from '../audit/store';
import { startMaintenance } from './maintenance';

export interface Hub {
  config: HubConfig;
  databases: HubDatabases;
  schema: GraphQLSchema;
  server: FastifyInstance;
  auth: Auth;
  audit: AuditStore;
  /** The permission rules generated from the catalogue at start. */
  ruleTree: RuleTree;
  /** Stops accepting requests, drains, closes the pools, then stops the embedded cluster. */
  close(): Promise<void>;
}

/** What the authentication centre needs of the configuration: the same in the hub, a subgraph and the gateway. */
export function authOptions(config: HubConfig): Parameters<typeof initAuth>[1] {
  return {
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
    tokenTtlSeconds: config.tokenTtlSeconds,
    consoleSessionSeconds: config.consoleSessionSeconds,
    tokenBackoff: config.tokenBackoff,
    production: config.env === 'production',
  };
}

/** The version in the project's package.json. */
function hubVersion(projectRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * Builds a ready-to-listen hub from `config`: databases opened, migrated and (if `config.seedDemoData`) seeded.
 * As a subgraph (`config.role`), it opens its own source's database and the directory's, prepares its own, and
 * serves its source's subgraph schema under the same rules.
 */
export async function initHub(
  config: HubConfig,
  logger: Logger,
  options: { progress?: boolean } = {},
): Promise<Hub> {
  const { role } = config;
  const subgraphSource = role.kind === 'subgraph' ? (role.source as SourceName) : undefined;
  const databases = await openDatabases(
    config,
    logger,
    subgraphSource ? [...new Set<SourceName>(['directory', subgraphSource])] : undefined,
  );
  let auth: Auth | undefined;
  try {
    await prepareDatabases(
      databases,
      {
        projectRoot: config.projectRoot,
        seed: config.seedDemoData,
        scale: 1,
        progress: options.progress ?? false,
        sources: subgraphSource ? [subgraphSource] : undefined,
      },
      logger,
    );
    const directoryAuth = await initAuth(databases.bySource.get('directory')!, authOptions(config), logger);
    auth = directoryAuth;
    const schemaOptions = {
      projectRoot: config.projectRoot,
      version: hubVersion(config.projectRoot),
      maxPageSize: config.maxPageSize,
    };
    const built = subgraphSource
      ? buildHubSubgraphSchema({ ...schemaOptions, source: subgraphSource })
      : buildHubSchema(schemaOptions);
    const declared = hubCatalogue(config.projectRoot);
    const ruleTree = buildRuleTree(
      built,
      new Set(directoryAuth.directory.snapshot().items.keys()),
      declared.apiAccess,
    );
    if (ruleTree.uncovered.length) {
      throw new Error(
        'These fields have no catalogue item, so the hub would never serve them; declare them in their SDL: ' +
          `@item for source data, @apiAccess for the hub's own API (schema/shared.graphql): ${ruleTree.uncovered.join(', ')}`,
      );
    }
    if (ruleTree.nonNullable.length) {
      throw new Error(
        `Permission-gated fields must be nullable (a denied field is null), but these are declared non-null: ${ruleTree.nonNullable.join(', ')}`,
      );
    }
    const schema = guardSchema(built, declared.smallGroups);
    const audit = new AuditStore(databases.bySource.get('directory')!.url, logger);
    const server = await createServer({
      schema,
      audit,
      auth: directoryAuth,
      ruleTree,
      databases,
      logger,
      config,
    });
    const maintenance = startMaintenance(databases, config.maintenanceIntervalMs, logger);
    return {
      config,
      databases,
      schema,
      server,
      auth: directoryAuth,
      audit,
      ruleTree,
      async close() {
        logger.debug('closing the HTTP server');
        maintenance.stop();
        await server.close();
        await auth?.close();
        await audit.close();
        logger.debug('closing the source databases');
        await databases.close();
        logger.debug('hub closed');
      },
    };
  } catch (error) {
    await auth?.close();
    await databases.close();
    throw error;
  }
}
