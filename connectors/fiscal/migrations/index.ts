import type { MigrationEntry } from '../../shared/source-db';
import { Migration20261127000001 } from './Migration20261127000001';
import { Migration20261127000002 } from './Migration20261127000002';

/** Committed migrations of the fiscal database, in apply order. */
export const migrations: MigrationEntry[] = [
  { name: 'Migration20261127000001', class: Migration20261127000001 },
  { name: 'Migration20261127000002', class: Migration20261127000002 },
];
