import type { SourceDatabase } from '../shared/source-db';
import type { SeedOptions } from '../shared/source';
import { analyze, loadTable } from '../shared/seed-load';
import { licenceRows, MARKET_DEMO_SEED, penaltyRows, registeredEnterprises, reportRows } from './demo-data';

/** Loads a licence, yearly reports and some penalties for every enterprise of the fiscal demo at this scale. */
export async function seedMarket(db: SourceDatabase, options: SeedOptions): Promise<void> {
  const enterprises = registeredEnterprises(options.scale);
  await loadTable(
    db,
    options,
    'business_licence',
    [
      'credit_code',
      'registration_number',
      'legal_form',
      'business_scope',
      'registered_on',
      'district_code',
      'authority_code',
      'status',
      'status_changed_on',
      'risk_rating',
    ],
    enterprises.length,
    licenceRows(MARKET_DEMO_SEED, enterprises),
  );
  await loadTable(
    db,
    options,
    'annual_report',
    [
      'credit_code',
      'year',
      'submitted_on',
      'employees',
      'total_assets',
      'operating_revenue',
      'contact_phone',
    ],
    enterprises.length * 4,
    reportRows(MARKET_DEMO_SEED + 1, enterprises),
  );
  await loadTable(
    db,
    options,
    'administrative_penalty',
    [
      'id',
      'credit_code',
      'decision_number',
      'decided_on',
      'kind',
      'amount',
      'reason',
      'district_code',
      'authority_code',
    ],
    Math.round(enterprises.length / 6),
    penaltyRows(MARKET_DEMO_SEED + 2, enterprises),
  );
  await analyze(db);
}
