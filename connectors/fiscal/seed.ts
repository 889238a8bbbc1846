import type { SourceDatabase } from '../shared/source-db';
import type { SeedOptions } from '../shared/source';
import { analyze, loadTable } from '../shared/seed-load';
import { markAllMonthsStale } from './revenue-summary';
import {
  BASE_ENTERPRISES,
  budgetRows,
  FISCAL_DEMO_SEED,
  enterpriseRows,
  INDUSTRIES,
  taxPaymentRows,
  type EnterpriseSeed,
} from './demo-data';

const SEED = FISCAL_DEMO_SEED;

/** Loads industries, enterprises (x scale), their tax payments and budget revenue; then refreshes statistics. */
export async function seedFiscal(db: SourceDatabase, options: SeedOptions): Promise<void> {
  await loadTable(
    db,
    options,
    'industry',
    ['code', 'name', 'section', 'section_name'],
    INDUSTRIES.length,
    INDUSTRIES.map((i) => [i.code, i.name, i.section, i.sectionName]),
  );
  const enterprises: EnterpriseSeed[] = [];
  const count = Math.round(BASE_ENTERPRISES * options.scale);
  await loadTable(
    db,
    options,
    'enterprise',
    [
      'credit_code',
      'name',
      'industry_code',
      'district_code',
      'legal_representative',
      'contact_phone',
      'registered_capital',
      'established_on',
    ],
    count,
    enterpriseRows(SEED, options.scale, (e) => enterprises.push(e)),
  );
  // The staleness triggers would hold every loaded row in a transition table; the cube is built once at the end.
  await db.knex().raw('ALTER TABLE tax_payment DISABLE TRIGGER USER');
  await loadTable(
    db,
    options,
    'tax_payment',
    [
      'id',
      'enterprise_code',
      'period',
      'tax_type',
      'amount',
      'district_code',
      'industry_code',
      'office_code',
      'paid_on',
    ],
    count * 25,
    taxPaymentRows(SEED + 1, enterprises),
  );
  await db.knex().raw('ALTER TABLE tax_payment ENABLE TRIGGER USER');
  await loadTable(
    db,
    options,
    'budget_revenue',
    ['district_code', 'year', 'category', 'budget_amount', 'actual_amount'],
    120,
    budgetRows(SEED + 2),
  );
  await analyze(db);
  // The revenue cube is built by the fiscal source's upkeep (right after `npm run seed`, or in the background
  // soon after a first `npm start`, which answers summaries from the payments until then).
  await markAllMonthsStale(db);
}
