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
import { buildHubSchema } from './schema';
import { createServer } from './server';

export interface Hub {
  config: HubConfig;
  databases: HubDatabases;
  schema: GraphQLSchema;
  server: FastifyInstance;
  /** Stops accepting requests, drains, closes the pools, then stops the embedded cluster. */
  close(): Promise<void>;
}

/** The version in the project's package.json. */
function hubVersion(projectRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string })
    .version;
}

/**
 * Builds a ready-to-listen hub from `config`: databases opened, migrated and (if `config.seedDemoData`) seeded.
 */
export async function initHub(
  config: HubConfig,
  logger: Logger,
  options: { progress?: boolean } = {},
): Promise<Hub> {
  const databases = await openDatabases(config, logger);
  try {
    await prepareDatabases(
      databases,
      { seed: config.seedDemoData, scale: 1, progress: options.progress ?? false },
      logger,
    );
    const schema = buildHubSchema({
      projectRoot: config.projectRoot,
      version: hubVersion(config.projectRoot),
      maxPageSize: config.maxPageSize,
    });
    const server = await createServer({
      schema,
      databases,
      logger,
      maxPageSize: config.maxPageSize,
      maxQueryCost: config.maxQueryCost,
    });
    return {
      config,
      databases,
      schema,
      server,
      async close() {
        logger.debug('closing the HTTP server');
        await server.close();
        logger.debug('closing the source databases');
        await databases.close();
        logger.debug('hub closed');
      },
    };
  } catch (error) {
    await databases.close();
    throw error;
  }
}
