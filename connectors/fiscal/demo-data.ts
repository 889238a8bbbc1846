/**
 * Demo fiscal data for Qingdao: ~20,000 enterprises across the 12 districts (times `scale`), ~25 tax payments each
 * over 2008-2009, and budget revenue by district for 2005-2009. Deterministic for a given seed and scale.
 */
import { DISTRICTS, departmentCode } from '../directory/reference-data';
import { DemoRandom } from '../shared/demo-random';
import { enterpriseName, personName, phoneNumber } from '../shared/chinese-names';
import { makeCreditCode } from '../shared/credit-code';
import type { CopyValue } from '../shared/bulk-load';

// [division code, name, section, section name, weight (share of enterprises), business words for names]
const INDUSTRY_SPECS: [string, string, string, string, number, string[]][] = [
  ['01', '农业', 'A', '农、林、牧、渔业', 2, ['农业科技', '果蔬']],
  ['04', '渔业', 'A', '农、林、牧、渔业', 2, ['水产', '海洋渔业']],
  ['13', '农副食品加工业', 'C', '制造业', 3, ['食品', '水产品加工']],
  ['15', '饮料制造业', 'C', '制造业', 1, ['啤酒', '饮品']],
  ['17', '纺织业', 'C', '制造业', 3, ['纺织', '针织']],
  ['18', '纺织服装、鞋、帽制造业', 'C', '制造业', 4, ['服饰', '制衣']],
  ['20', '木材加工及木、竹、藤、棕、草制品业', 'C', '制造业', 1, ['木业']],
  ['21', '家具制造业', 'C', '制造业', 1, ['家具']],
  ['24', '文教体育用品制造业', 'C', '制造业', 1, ['工艺品', '文体用品']],
  ['26', '化学原料及化学制品制造业', 'C', '制造业', 2, ['化工']],
  ['29', '橡胶制品业', 'C', '制造业', 2, ['橡胶', '轮胎']],
  ['30', '塑料制品业', 'C', '制造业', 2, ['塑料', '塑胶']],
  ['31', '非金属矿物制品业', 'C', '制造业', 2, ['建材', '玻璃']],
  ['34', '金属制品业', 'C', '制造业', 3, ['金属制品', '五金']],
  ['35', '通用设备制造业', 'C', '制造业', 3, ['机械', '设备']],
  ['36', '专用设备制造业', 'C', '制造业', 2, ['专用设备', '机械制造']],
  ['37', '交通运输设备制造业', 'C', '制造业', 2, ['汽车零部件', '船舶', '机车车辆']],
  ['39', '电气机械及器材制造业', 'C', '制造业', 3, ['电器', '电气']],
  ['40', '通信设备、计算机及其他电子设备制造业', 'C', '制造业', 2, ['电子', '通信设备']],
  ['44', '电力、热力的生产和供应业', 'D', '电力、燃气及水的生产和供应业', 1, ['热电', '能源']],
  ['47', '房屋和土木工程建筑业', 'E', '建筑业', 4, ['建设', '建筑工程']],
  ['49', '建筑装饰业', 'E', '建筑业', 3, ['装饰工程', '装饰']],
  ['52', '道路运输业', 'F', '交通运输、仓储和邮政业', 3, ['物流', '运输']],
  ['54', '水上运输业', 'F', '交通运输、仓储和邮政业', 1, ['海运', '船务']],
  ['58', '仓储业', 'F', '交通运输、仓储和邮政业', 1, ['仓储', '冷链']],
  ['60', '电信和其他信息传输服务业', 'G', '信息传输、计算机服务和软件业', 1, ['信息技术', '网络']],
  ['62', '软件业', 'G', '信息传输、计算机服务和软件业', 2, ['软件', '数码科技']],
  ['63', '批发业', 'H', '批发和零售业', 12, ['商贸', '贸易', '进出口']],
  ['65', '零售业', 'H', '批发和零售业', 9, ['商场', '超市', '百货']],
  ['66', '住宿业', 'I', '住宿和餐饮业', 2, ['酒店', '宾馆']],
  ['67', '餐饮业', 'I', '住宿和餐饮业', 4, ['餐饮', '美食']],
  ['68', '银行业', 'J', '金融业', 1, ['小额贷款', '融资担保']],
  ['72', '房地产业', 'K', '房地产业', 4, ['置业', '房地产开发']],
  ['74', '商务服务业', 'L', '租赁和商务服务业', 6, ['咨询', '广告', '人力资源']],
  ['75', '研究与试验发展', 'M', '科学研究、技术服务和地质勘查业', 1, ['科技', '研究院']],
  ['76', '专业技术服务业', 'M', '科学研究、技术服务和地质勘查业', 2, ['工程设计', '检测']],
  ['82', '居民服务业', 'O', '居民服务和其他服务业', 2, ['家政', '物业']],
  ['84', '教育', 'P', '教育', 1, ['培训', '教育']],
  ['85', '卫生', 'Q', '卫生、社会保障和社会福利业', 1, ['医疗', '健康']],
  ['90', '娱乐业', 'R', '文化、体育和娱乐业', 1, ['文化传媒', '娱乐']],
];

export const INDUSTRIES = INDUSTRY_SPECS.map(([code, name, section, sectionName]) => ({
  code,
  name,
  section,
  sectionName,
}));

/** Tax types with their share of payments, median amount (元) and collecting office. */
const TAX_SPECS: [string, number, number, string][] = [
  ['VALUE_ADDED', 22, 60_000, '市国税局'],
  ['BUSINESS', 16, 30_000, '市地税局'],
  ['CORPORATE_INCOME', 10, 80_000, '市地税局'],
  ['INDIVIDUAL_INCOME', 18, 8_000, '市地税局'],
  ['URBAN_MAINTENANCE', 14, 4_000, '市地税局'],
  ['PROPERTY', 6, 12_000, '市地税局'],
  ['LAND_USE', 5, 9_000, '市地税局'],
  ['STAMP', 7, 1_500, '市地税局'],
  ['LAND_APPRECIATION', 1, 300_000, '市地税局'],
  ['DEED', 1, 150_000, '市地税局'],
];
export const TAX_TYPES = TAX_SPECS.map((t) => t[0]);

/** The seed of the fiscal demo data; the decision seed uses it too, to pick investors that exist. */
export const FISCAL_DEMO_SEED = 20090202;

/** Enterprises and payments at scale 1. */
export const BASE_ENTERPRISES = 20_000;
export const PAYMENT_MONTHS = 24; // 2008-01 .. 2009-12

export interface EnterpriseSeed {
  creditCode: string;
  districtCode: string;
  industryCode: string;
  /** Relative size: drives how often and how much the enterprise pays. */
  size: number;
}

/** Enterprise rows, in a fixed order; `onEnterprise` sees each one (its payments are generated from it). */
export function* enterpriseRows(
  seed: number,
  scale: number,
  onEnterprise: (e: EnterpriseSeed) => void,
): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const count = Math.round(BASE_ENTERPRISES * scale);
  const districtWeights = DISTRICTS.map((d) => d.population * (d.kind === 'DISTRICT' ? 2.2 : 1));
  const industryWeights = INDUSTRY_SPECS.map((s) => s[4]);
  for (let i = 0; i < count; i++) {
    const district = random.weighted(DISTRICTS, districtWeights);
    const industry = random.weighted(INDUSTRY_SPECS, industryWeights);
    // Serials are spread over the 8-digit space and unique for up to 2.7 million enterprises.
    const creditCode = makeCreditCode(district.code, 10_000_000 + i * 37);
    const size = Math.min(random.logNormal(1, 1.1), 60);
    const year = random.int(1985, 2009);
    const established = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    onEnterprise({ creditCode, districtCode: district.code, industryCode: industry[0], size });
    yield [
      creditCode,
      enterpriseName(random, industry[5]),
      industry[0],
      district.code,
      personName(random),
      phoneNumber(random),
      Math.round(size * 500 * 100) / 100 + 10,
      established,
    ];
  }
}

/** Tax payment rows for the given enterprises, ~25 per enterprise on average, ids from 1. */
export function* taxPaymentRows(
  seed: number,
  enterprises: readonly EnterpriseSeed[],
): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const typeWeights = TAX_SPECS.map((t) => t[1]);
  const offices = new Map(TAX_SPECS.map((t) => [t[0], departmentCode(t[3])]));
  let id = 1;
  for (const e of enterprises) {
    const n = Math.max(1, Math.min(120, Math.round(random.logNormal(22, 0.45) * Math.sqrt(e.size))));
    for (let k = 0; k < n; k++) {
      const spec = random.weighted(TAX_SPECS, typeWeights);
      const month = random.int(0, PAYMENT_MONTHS - 1);
      const year = 2008 + Math.floor(month / 12);
      const mm = String((month % 12) + 1).padStart(2, '0');
      const amount = Math.round(random.logNormal(spec[2], 1.0) * e.size * 100) / 100;
      // Paid by the 15th of the following month.
      const paid = new Date(Date.UTC(year, (month % 12) + 1, random.int(1, 15))).toISOString().slice(0, 10);
      yield [
        id++,
        e.creditCode,
        `${year}-${mm}`,
        spec[0],
        amount,
        e.districtCode,
        e.industryCode,
        offices.get(spec[0]) ?? null,
        paid,
      ];
    }
  }
}

/** Budget revenue per district, 2005-2009: tax and non-tax revenue, budget versus actual (万元). */
export function* budgetRows(seed: number): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  for (const d of DISTRICTS) {
    const base = d.population * (d.kind === 'DISTRICT' ? 5200 : 2600);
    for (let year = 2005; year <= 2009; year++) {
      const trend = base * Math.pow(1.17, year - 2009);
      for (const [category, share] of [
        ['税收收入', 0.82],
        ['非税收入', 0.18],
      ] as const) {
        const budget = Math.round(trend * share * 100) / 100;
        const actual = Math.round(budget * (0.95 + random.float() * 0.15) * 100) / 100;
        yield [d.code, year, category, budget, actual];
      }
    }
  }
}
