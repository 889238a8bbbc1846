/**
 * Configuration from environment variables, validated once at start.
 *
 * Every variable has a documented default (see README "Configuration"), so a fresh clone runs with none set.
 * An invalid value stops the hub with a message naming the variable, never a silent fallback.
 */
import path from 'node:path';
import { z } from 'zod';
import type { GraphQLLimits } from './graphql-limits';
import type { Role } from '../auth/directory-state';
import type { BackoffOptions } from '../auth/backoff';
import { SUBGRAPH_BASE_PORT } from './supergraph';

export const PROJECT_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);

const port = z.coerce.number().int().min(0).max(65535);
const optionalUrl = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional());

const schema = z.object({
  /** What this process serves: `hub` (every source, one process) or `subgraph:<source>` (one source, for a gateway). */
  HUB_ROLE: z
    .string()
    .regex(/^(hub|subgraph:[a-z]+)$/, 'expected "hub" or "subgraph:<source>", e.g. subgraph:fiscal')
    .default('hub'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  /** Default 4000; a subgraph's default is its port in the committed supergraph (4101 for the first source...). */
  PORT: port.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder for the embedded PostgreSQL cluster; relative paths are resolved from the project root. */
  HUB_DATA_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: port.default(54329),
  /** Longest a source statement may run before it is cancelled (QUERY_TIMEOUT), milliseconds. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).default(15_000),
  /** Connections per source database pool. */
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Statements one client may run at once on a source's pool (default: half the pool, at least 1). */
  DB_POOL_PER_CLIENT: z.coerce.number().int().min(1).max(200).optional(),
  /** Seed the demo data into empty databases at start (default: yes, except in production). */
  SEED_DEMO_DATA: z.enum(['true', 'false']).optional(),
  /** Access token lifetime, seconds. */
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  CONSOLE_SESSION_SECONDS: z.coerce
    .number()
    .int()
    .min(300)
    .max(7 * 86_400)
    .default(8 * 3600),
  /** `iss` of the tokens the hub signs, and `aud` they must carry. */
  TOKEN_ISSUER: z.string().min(1).default('urn:qingdao:exchange-hub'),
  TOKEN_AUDIENCE: z.string().min(1).default('urn:qingdao:exchange-hub:graphql'),
  /** Largest `first` a list accepts. */
  MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Keep each request's variables in its audit record (off: variables can hold personal data). */
  AUDIT_STORE_VARIABLES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Most objects one query may be estimated to return (see src/query-cost.ts). */
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(100_000),
  /** Limits on one GraphQL request: see src/graphql-limits.ts and the README's "Limits and quotas". */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  MAX_DOCUMENT_CHARS: z.coerce
    .number()
    .int()
    .min(100)
    .default(32 * 1024),
  MAX_TOKENS: z.coerce.number().int().min(50).default(2000),
  MAX_DEPTH: z.coerce.number().int().min(2).default(15),
  MAX_ALIASES: z.coerce.number().int().min(0).default(30),
  MAX_DIRECTIVES: z.coerce.number().int().min(0).default(30),
  MAX_OPERATIONS: z.coerce.number().int().min(1).default(10),
  MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
  MAX_SELECTIONS: z.coerce.number().int().min(10).default(1500),
  MAX_FIELD_REPEATS: z.coerce.number().int().min(1).default(10),
  MAX_VARIABLES_DEPTH: z.coerce.number().int().min(1).default(8),
  MAX_VARIABLES_VALUES: z.coerce.number().int().min(1).default(5000),
  /** Token endpoint: failures in a row before a client id or an address is locked, and the longest lock. */
  TOKEN_FREE_FAILURES_PER_CLIENT: z.coerce.number().int().min(1).default(5),
  TOKEN_FREE_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(20),
  TOKEN_FIRST_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(1),
  TOKEN_MAX_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Token requests per minute from one address, whatever their outcome. */
  TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Default GraphQL quota per client (administrators override it per client): requests per minute, in flight. */
  GRAPHQL_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  GRAPHQL_MAX_CONCURRENT: z.coerce.number().int().min(1).default(16),
  /** Budget of the parsed-document store, bytes. */
  DOCUMENT_CACHE_BYTES: z.coerce.number().int().min(1_048_576).default(16_777_216),
  /** Budget of the compiled operations, bytes. */
  COMPILED_CACHE_BYTES: z.coerce.number().int().min(1_048_576).default(50_331_648),
  /** Roles that may run introspection; default: every role in development and test, ADMIN only in production. */
  INTROSPECTION_ROLES: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : v
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(['ADMIN', 'AUDITOR', 'DEPARTMENT'])).optional()),
  /** How often each source's background upkeep (summary refresh) runs, milliseconds; 0 turns it off. */
  SOURCE_MAINTENANCE_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
});

/** What one process serves: the whole hub, or one source's subgraph behind a federation gateway. */
export type HubRole = { kind: 'hub' } | { kind: 'subgraph'; source: string };

export interface HubConfig {
  role: HubRole;
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  projectRoot: string;
  dataDir: string;
  /** True when HUB_DATA_DIR was set: then it is used as given, never moved. */
  dataDirExplicit: boolean;
  embeddedPgPort: number;
  /** Connection URL per source from `<SOURCE>_DATABASE_URL`; a source without one uses the embedded cluster. */
  databaseUrls: Record<string, string | undefined>;
  poolMax: number;
  poolPerClient: number;
  statementTimeoutMs: number;
  seedDemoData: boolean;
  tokenTtlSeconds: number;
  /** How long a console sign-in lasts (its refresh cookie), seconds. */
  consoleSessionSeconds: number;
  tokenIssuer: string;
  tokenAudience: string;
  maxPageSize: number;
  maxQueryCost: number;
  limits: GraphQLLimits;
  /** Roles that may run introspection (__schema, __type). */
  introspectionRoles: ReadonlySet<Role>;
  /** Budget of the parsed-document store, bytes. */
  documentCacheBytes: number;
  /** Budget of the compiled operations, bytes. */
  compiledCacheBytes: number;
  tokenBackoff: { perClient: BackoffOptions; perAddress: BackoffOptions };
  tokenRateLimitPerMinute: number;
  /** Default GraphQL quota of a client without an override in the directory. */
  quota: { requestsPerMinute: number; maxConcurrent: number };
  auditVariables: boolean;
  /** Interval of the sources' background upkeep; 0 = off. */
  maintenanceIntervalMs: number;
}

/** The role HUB_ROLE names; throws naming the sources when it names none of them. */
function roleOf(value: string, sourceNames: readonly string[]): HubRole {
  if (value === 'hub') return { kind: 'hub' };
  const source = value.slice('subgraph:'.length);
  if (!sourceNames.includes(source)) {
    throw new Error(
      `Invalid configuration:\n  HUB_ROLE: there is no source "${source}"; one of ${sourceNames.map((s) => `subgraph:${s}`).join(', ')}`,
    );
  }
  return { kind: 'subgraph', source };
}

/** The variable that gives a source's database URL, e.g. FISCAL_DATABASE_URL. */
export function databaseUrlVariable(source: string): string {
  return `${source.toUpperCase()}_DATABASE_URL`;
}

/**
 * Reads and validates the configuration from `env` for the given source names.
 * Throws an Error listing every invalid variable and why.
 */
export function loadConfig(sourceNames: readonly string[], env: NodeJS.ProcessEnv = process.env): HubConfig {
  const urls = z.object(Object.fromEntries(sourceNames.map((s) => [databaseUrlVariable(s), optionalUrl])));
  const parsed = schema.and(urls).safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  const c = parsed.data;
  const role = roleOf(c.HUB_ROLE, sourceNames);
  return {
    role,
    env: c.NODE_ENV,
    host: c.HOST,
    port:
      c.PORT ?? (role.kind === 'subgraph' ? SUBGRAPH_BASE_PORT + sourceNames.indexOf(role.source) + 1 : 4000),
    logLevel: c.LOG_LEVEL,
    projectRoot: PROJECT_ROOT,
    dataDir: path.resolve(PROJECT_ROOT, c.HUB_DATA_DIR ?? '.data'),
    dataDirExplicit: c.HUB_DATA_DIR !== undefined,
    embeddedPgPort: c.EMBEDDED_PG_PORT,
    databaseUrls: Object.fromEntries(
      sourceNames.map((s) => [s, (c as Record<string, string | undefined>)[databaseUrlVariable(s)]]),
    ),
    poolMax: c.DB_POOL_MAX,
    poolPerClient: c.DB_POOL_PER_CLIENT ?? Math.max(1, Math.floor(c.DB_POOL_MAX / 2)),
    statementTimeoutMs: c.DB_STATEMENT_TIMEOUT_MS,
    seedDemoData: (c.SEED_DEMO_DATA ?? (c.NODE_ENV === 'production' ? 'false' : 'true')) === 'true',
    tokenTtlSeconds: c.TOKEN_TTL_SECONDS,
    consoleSessionSeconds: c.CONSOLE_SESSION_SECONDS,
    tokenIssuer: c.TOKEN_ISSUER,
    tokenAudience: c.TOKEN_AUDIENCE,
    maxPageSize: c.MAX_PAGE_SIZE,
    maxQueryCost: c.MAX_QUERY_COST,
    limits: {
      maxBodyBytes: c.MAX_BODY_BYTES,
      maxDocumentChars: c.MAX_DOCUMENT_CHARS,
      maxTokens: c.MAX_TOKENS,
      maxDepth: c.MAX_DEPTH,
      maxAliases: c.MAX_ALIASES,
      maxDirectives: c.MAX_DIRECTIVES,
      maxOperations: c.MAX_OPERATIONS,
      maxRootFields: c.MAX_ROOT_FIELDS,
      maxSelections: c.MAX_SELECTIONS,
      maxFieldRepeats: c.MAX_FIELD_REPEATS,
      maxVariablesDepth: c.MAX_VARIABLES_DEPTH,
      maxVariablesValues: c.MAX_VARIABLES_VALUES,
    },
    introspectionRoles: new Set<Role>(
      c.INTROSPECTION_ROLES ?? (c.NODE_ENV === 'production' ? ['ADMIN'] : ['ADMIN', 'AUDITOR', 'DEPARTMENT']),
    ),
    documentCacheBytes: c.DOCUMENT_CACHE_BYTES,
    compiledCacheBytes: c.COMPILED_CACHE_BYTES,
    tokenBackoff: {
      perClient: {
        freeFailures: c.TOKEN_FREE_FAILURES_PER_CLIENT,
        firstLockSeconds: c.TOKEN_FIRST_LOCK_SECONDS,
        maxLockSeconds: c.TOKEN_MAX_LOCK_SECONDS,
        maxEntries: 100_000,
      },
      perAddress: {
        freeFailures: c.TOKEN_FREE_FAILURES_PER_ADDRESS,
        firstLockSeconds: c.TOKEN_FIRST_LOCK_SECONDS,
        maxLockSeconds: c.TOKEN_MAX_LOCK_SECONDS,
        maxEntries: 100_000,
      },
    },
    tokenRateLimitPerMinute: c.TOKEN_RATE_LIMIT_PER_MINUTE,
    quota: { requestsPerMinute: c.GRAPHQL_RATE_LIMIT_PER_MINUTE, maxConcurrent: c.GRAPHQL_MAX_CONCURRENT },
    auditVariables: c.AUDIT_STORE_VARIABLES,
    maintenanceIntervalMs: c.SOURCE_MAINTENANCE_INTERVAL_MS,
  };
}
