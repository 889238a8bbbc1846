import type { MigrationEntry } from '../../shared/source-db';
import { Migration20261127000001 } from './Migration20261127000001';

/** Committed migrations of the decision database, in apply order. */
export const migrations: MigrationEntry[] = [
  { name: 'Migration20261127000001', class: Migration20261127000001 },
];
