import type { MigrationEntry } from '../../shared/source-db';
import { Migration20261127000001 } from './Migration20261127000001';
import { Migration20261127000002 } from './Migration20261127000002';
import { Migration20261127000003 } from './Migration20261127000003';
import { Migration20261127000004 } from './Migration20261127000004';
import { Migration20261202000005 } from './Migration20261202000005';

/** Committed migrations of the directory database, in apply order. */
export const migrations: MigrationEntry[] = [
  { name: 'Migration20261127000001', class: Migration20261127000001 },
  { name: 'Migration20261127000002', class: Migration20261127000002 },
  { name: 'Migration20261127000003', class: Migration20261127000003 },
  { name: 'Migration20261127000004', class: Migration20261127000004 },
  { name: 'Migration20261202000005', class: Migration20261202000005 },
];
