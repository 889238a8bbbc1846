import type { SourceDatabase } from '../shared/source-db';
import type { SeedOptions } from '../shared/source';
import { analyze, loadTable } from '../shared/seed-load';
import { DEPARTMENTS } from '../directory/reference-data';
import { enterpriseRows, FISCAL_DEMO_SEED, type EnterpriseSeed } from '../fiscal/demo-data';
import {
  DOCUMENT_COUNT,
  documentRows,
  INTERNAL_TASKS,
  KEY_PROJECTS,
  projectRows,
  PUBLIC_TASKS,
  scoreRows,
  taskRows,
} from './demo-data';

const SEED = 20090303;

/** Loads documents, supervised tasks, key projects and performance scores. */
export async function seedDecision(db: SourceDatabase, options: SeedOptions): Promise<void> {
  await loadTable(
    db,
    options,
    'policy_document',
    ['id', 'doc_number', 'title', 'kind', 'issuing_department_code', 'issued_on', 'secrecy_level'],
    DOCUMENT_COUNT,
    documentRows(SEED),
  );
  await loadTable(
    db,
    options,
    'supervised_task',
    [
      'id',
      'code',
      'title',
      'lead_department_code',
      'deadline',
      'status',
      'progress_percent',
      'progress_note',
      'publicly_listed',
    ],
    PUBLIC_TASKS + INTERNAL_TASKS,
    taskRows(SEED + 1),
  );
  // Regenerate the fiscal seed's enterprises (up to the scale-1 count: the first enterprises are the same at every
  // scale) and let the larger ones invest, so every investor exists in the fiscal database.
  const enterprises: EnterpriseSeed[] = [];
  for (const _row of enterpriseRows(FISCAL_DEMO_SEED, Math.min(options.scale, 1), (e) =>
    enterprises.push(e),
  ));
  const investors = enterprises.filter((e) => e.size > 4);
  await loadTable(
    db,
    options,
    'key_project',
    [
      'id',
      'name',
      'investor_code',
      'district_code',
      'total_investment',
      'completed_investment',
      'status',
      'start_year',
    ],
    KEY_PROJECTS,
    projectRows(SEED + 2, investors.length ? investors : enterprises),
  );
  await loadTable(
    db,
    options,
    'performance_score',
    ['department_code', 'year', 'score', 'rank', 'grade'],
    DEPARTMENTS.length * 10,
    scoreRows(SEED + 3),
  );
  await analyze(db);
}
