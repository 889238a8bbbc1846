/**
 * Demo market-regulation data, consistent with the fiscal demo: one business licence per fiscal enterprise (same
 * credit code, district and founding date), an annual report for each year from 2005 (or its founding) to 2009,
 * and administrative penalties for about one enterprise in twelve. Deterministic for a given seed and scale.
 */
import { departmentCode } from '../directory/reference-data';
import { enterpriseRows, FISCAL_DEMO_SEED } from '../fiscal/demo-data';
import { DemoRandom } from '../shared/demo-random';
import { phoneNumber } from '../shared/chinese-names';
import type { CopyValue } from '../shared/bulk-load';

export const MARKET_DEMO_SEED = 20090404;

const LEGAL_FORMS = ['有限责任公司', '股份有限公司', '个人独资企业', '合伙企业', '外商投资企业'];
const LEGAL_FORM_WEIGHTS = [60, 8, 15, 7, 10];
const SCOPES = ['批发零售', '技术开发与咨询', '货物进出口', '加工制造', '建筑施工', '交通运输', '餐饮住宿'];
const PENALTY_KINDS = ['WARNING', 'FINE', 'CONFISCATION', 'SUSPENSION', 'LICENCE_REVOKED'] as const;
const PENALTY_WEIGHTS = [30, 55, 8, 5, 2];
const REASONS = ['未按时公示年度报告', '虚假宣传', '无照经营', '销售不合格商品', '擅自变更登记事项'];

/** A fiscal enterprise as the market regulator registered it. */
export interface RegisteredEnterprise {
  creditCode: string;
  districtCode: string;
  /** YYYY-MM-DD */
  establishedOn: string;
  size: number;
}

/** The fiscal demo's enterprises at this scale, in the fiscal seed's order. */
export function registeredEnterprises(scale: number): RegisteredEnterprise[] {
  const found: RegisteredEnterprise[] = [];
  let last: { creditCode: string; districtCode: string; size: number } | undefined;
  for (const row of enterpriseRows(FISCAL_DEMO_SEED, scale, (e) => (last = e))) {
    found.push({ ...last!, establishedOn: String(row[7]) });
  }
  return found;
}

/** Licence rows: credit code, registration number, form, scope, registered on, district, authority, status... */
export function* licenceRows(
  seed: number,
  enterprises: readonly RegisteredEnterprise[],
): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const authority = departmentCode('市工商局');
  for (const [i, e] of enterprises.entries()) {
    const roll = random.float();
    const status = roll < 0.9 ? 'ACTIVE' : roll < 0.95 ? 'REVOKED' : 'CANCELLED';
    const changed =
      status === 'ACTIVE'
        ? null
        : `${random.int(2006, 2009)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`;
    yield [
      e.creditCode,
      `3702${String(100_000_000_00 + i).padStart(11, '0')}`,
      random.weighted(LEGAL_FORMS, LEGAL_FORM_WEIGHTS),
      `${random.pick(SCOPES)}；${random.pick(SCOPES)}`,
      e.establishedOn,
      e.districtCode,
      authority,
      status,
      changed,
      random.weighted(['A', 'B', 'C', 'D'], [50, 30, 15, 5]),
    ];
  }
}

/** Annual-report rows: one per enterprise and year it existed in 2005-2009. */
export function* reportRows(
  seed: number,
  enterprises: readonly RegisteredEnterprise[],
): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  for (const e of enterprises) {
    const since = Math.max(2005, Number(e.establishedOn.slice(0, 4)));
    for (let year = since; year <= 2009; year++) {
      yield [
        e.creditCode,
        year,
        `${year + 1}-${pad(random.int(3, 6))}-${pad(random.int(1, 28))}`,
        Math.max(1, Math.round(random.logNormal(12, 0.8) * e.size)),
        Math.round(random.logNormal(300, 1.0) * e.size * 100) / 100,
        Math.round(random.logNormal(500, 1.0) * e.size * 100) / 100,
        phoneNumber(random),
      ];
    }
  }
}

/** Penalty rows, ids from 1, for about one enterprise in twelve. */
export function* penaltyRows(
  seed: number,
  enterprises: readonly RegisteredEnterprise[],
): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const authority = departmentCode('市工商局');
  let id = 1;
  for (const e of enterprises) {
    if (!random.chance(1 / 12)) continue;
    const count = random.int(1, 3);
    for (let k = 0; k < count; k++) {
      const kind = random.weighted(PENALTY_KINDS, PENALTY_WEIGHTS);
      const year = random.int(2006, 2009);
      yield [
        id,
        e.creditCode,
        `青工商处字〔${year}〕第${String(id).padStart(5, '0')}号`,
        `${year}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
        kind,
        kind === 'FINE' || kind === 'CONFISCATION' ? random.int(5, 500) * 100 : null,
        random.pick(REASONS),
        e.districtCode,
        authority,
      ];
      id++;
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
