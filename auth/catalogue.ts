/**
 * The catalogue's vocabulary (信息资源目录): share types, sensitivities, client roles, and a resource as the
 * directory stores it. Each source declares its resources and items beside its fields, in its SDL (see
 * auth/catalogue-declarations.ts); the directory holds them, and administrators reclassify them at run time.
 */

/** 共享类型: the national share types of government data. */
export type ShareType = 'UNCONDITIONAL' | 'CONDITIONAL' | 'NOT_SHARED';
/** What kind of personal data an item holds; anything but PLAIN is masked without a clear grant. */
export type Sensitivity = 'PLAIN' | 'PERSON_NAME' | 'ID_NUMBER' | 'PHONE' | 'ADDRESS';
/**
 * Roles of client apps. GATEWAY is the federation gateway's own credential: it reads nothing itself, and only a
 * request that carries it reaches a subgraph (src/subgraph.ts).
 */
export type Role = 'ADMIN' | 'DEPARTMENT' | 'AUDITOR' | 'GATEWAY';
/** What a console user may do: see DESIGN and issue 14 (pages per role). */
export type ConsoleRole = 'ADMIN' | 'AUDITOR' | 'DEPARTMENT_STAFF' | 'REVIEWER' | 'DASHBOARD';
export const CONSOLE_ROLES: readonly ConsoleRole[] = [
  'ADMIN',
  'AUDITOR',
  'DEPARTMENT_STAFF',
  'REVIEWER',
  'DASHBOARD',
];
/** What a client id may be: the same rule as the CHECK on client.client_id (directory migration 2). */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** The description of a catalogue entry (信息资源), as stored and as declared. */
export interface ResourceDescription {
  code: string;
  name: string;
  summary: string;
  source: string;
  graphqlType: string;
  shareType: ShareType;
  sharingConditions: string;
  legalBasis: string;
  openToPublic: boolean;
  updateCycle: string;
}

/** `created_by` of everything the demo seed writes (src/demo-access.ts); production mode refuses to start while any of it is enabled. */
export const DEMO_SEED_ACTOR = 'demo-seed';
