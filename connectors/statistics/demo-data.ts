/**
 * Demo statistics for Qingdao, 2000-2009: about 60 indicators with yearly or monthly values for the city and its
 * 12 districts. Magnitudes follow the city's 2009 statistical bulletin (GDP about 4,890 亿元, fiscal revenue about
 * 290 亿元); the series are generated, deterministically, around those anchors.
 */
import { DISTRICTS, REGIONS, CITY_CODE } from '../directory/reference-data';
import { DemoRandom } from '../shared/demo-random';
import type { CopyValue } from '../shared/bulk-load';

/** How district values combine into the city's: summed (totals), or a population-weighted mean (rates, prices). */
type Aggregation = 'SUM' | 'MEAN';

interface IndicatorSpec {
  code: string;
  name: string;
  unit: string;
  frequency: 'YEARLY' | 'MONTHLY';
  category: string;
  /** City value in 2009 (for monthly totals: the monthly average). */
  value2009: number;
  /** Yearly growth rate used to walk the series back to 2000. */
  growth: number;
  aggregation: Aggregation;
}

const Y = 'YEARLY';
const M = 'MONTHLY';
// [code, name, unit, frequency, category, 2009 city value, yearly growth, aggregation]
const SPECS: [string, string, string, 'YEARLY' | 'MONTHLY', string, number, number, Aggregation][] = [
  ['A01', '地区生产总值', '亿元', Y, '国民经济核算', 4890.3, 0.14, 'SUM'],
  ['A02', '第一产业增加值', '亿元', Y, '国民经济核算', 233.6, 0.04, 'SUM'],
  ['A03', '第二产业增加值', '亿元', Y, '国民经济核算', 2411.3, 0.15, 'SUM'],
  ['A04', '第三产业增加值', '亿元', Y, '国民经济核算', 2245.4, 0.14, 'SUM'],
  ['A05', '人均地区生产总值', '元', Y, '国民经济核算', 64331, 0.12, 'MEAN'],
  ['A06', '地区生产总值增长率', '%', Y, '国民经济核算', 12.2, 0, 'MEAN'],
  ['B01', '年末户籍人口', '万人', Y, '人口', 762.9, 0.008, 'SUM'],
  ['B02', '常住人口', '万人', Y, '人口', 850.1, 0.012, 'SUM'],
  ['B03', '出生率', '‰', Y, '人口', 9.1, -0.01, 'MEAN'],
  ['B04', '死亡率', '‰', Y, '人口', 6.8, 0.005, 'MEAN'],
  ['B05', '自然增长率', '‰', Y, '人口', 2.3, -0.03, 'MEAN'],
  ['B06', '城镇化率', '%', Y, '人口', 63.1, 0.012, 'MEAN'],
  ['C01', '从业人员', '万人', Y, '就业和工资', 512.4, 0.02, 'SUM'],
  ['C02', '城镇登记失业率', '%', Y, '就业和工资', 3.3, -0.01, 'MEAN'],
  ['C03', '在岗职工平均工资', '元', Y, '就业和工资', 30220, 0.11, 'MEAN'],
  ['C04', '城镇新增就业人数', '万人', Y, '就业和工资', 16.5, 0.05, 'SUM'],
  ['D01', '规模以上工业增加值', '亿元', M, '工业', 183.5, 0.16, 'SUM'],
  ['D02', '规模以上工业总产值', '亿元', M, '工业', 760.2, 0.17, 'SUM'],
  ['D03', '规模以上工业企业主营业务收入', '亿元', M, '工业', 745.8, 0.16, 'SUM'],
  ['D04', '规模以上工业企业利润总额', '亿元', M, '工业', 41.2, 0.12, 'SUM'],
  ['D05', '工业产品销售率', '%', M, '工业', 98.4, 0, 'MEAN'],
  ['D06', '规模以上工业用电量', '亿千瓦时', M, '工业', 15.8, 0.09, 'SUM'],
  ['D07', '家用电冰箱产量', '万台', M, '工业', 98.6, 0.08, 'SUM'],
  ['D08', '啤酒产量', '万千升', M, '工业', 16.2, 0.07, 'SUM'],
  ['D09', '轮胎外胎产量', '万条', M, '工业', 402.5, 0.11, 'SUM'],
  ['D10', '集装箱产量', '万标准箱', M, '工业', 3.1, 0.05, 'SUM'],
  ['E01', '固定资产投资', '亿元', M, '固定资产投资', 237.3, 0.2, 'SUM'],
  ['E02', '房地产开发投资', '亿元', M, '固定资产投资', 39.4, 0.22, 'SUM'],
  ['E03', '商品房销售面积', '万平方米', M, '固定资产投资', 81.7, 0.14, 'SUM'],
  ['E04', '施工项目个数', '个', Y, '固定资产投资', 3856, 0.06, 'SUM'],
  ['F01', '社会消费品零售总额', '亿元', M, '国内贸易', 140.5, 0.17, 'SUM'],
  ['F02', '批发和零售业零售额', '亿元', M, '国内贸易', 120.8, 0.17, 'SUM'],
  ['F03', '住宿和餐饮业零售额', '亿元', M, '国内贸易', 17.3, 0.18, 'SUM'],
  ['F04', '限额以上批发零售企业商品销售额', '亿元', M, '国内贸易', 310.6, 0.2, 'SUM'],
  ['G01', '进出口总额', '亿美元', M, '对外经济', 37.1, 0.13, 'SUM'],
  ['G02', '出口总额', '亿美元', M, '对外经济', 22.0, 0.12, 'SUM'],
  ['G03', '进口总额', '亿美元', M, '对外经济', 15.1, 0.15, 'SUM'],
  ['G04', '实际利用外资', '亿美元', Y, '对外经济', 30.1, 0.1, 'SUM'],
  ['G05', '港口货物吞吐量', '万吨', M, '交通运输', 2296.5, 0.11, 'SUM'],
  ['G06', '港口集装箱吞吐量', '万标准箱', M, '交通运输', 85.2, 0.15, 'SUM'],
  ['G07', '机场旅客吞吐量', '万人次', M, '交通运输', 80.6, 0.12, 'SUM'],
  ['H01', '地方财政一般预算收入', '亿元', M, '财政金融', 24.2, 0.18, 'SUM'],
  ['H02', '地方财政一般预算支出', '亿元', M, '财政金融', 27.5, 0.19, 'SUM'],
  ['H03', '金融机构本外币存款余额', '亿元', M, '财政金融', 6582.0, 0.16, 'SUM'],
  ['H04', '金融机构本外币贷款余额', '亿元', M, '财政金融', 5107.9, 0.18, 'SUM'],
  ['H05', '保险保费收入', '亿元', Y, '财政金融', 133.7, 0.16, 'SUM'],
  ['I01', '居民消费价格指数', '上年=100', M, '价格', 99.6, 0, 'MEAN'],
  ['I02', '商品零售价格指数', '上年=100', M, '价格', 99.1, 0, 'MEAN'],
  ['I03', '工业生产者出厂价格指数', '上年=100', M, '价格', 96.8, 0, 'MEAN'],
  ['I04', '新建住宅销售价格指数', '上年=100', M, '价格', 101.5, 0, 'MEAN'],
  ['J01', '城市居民人均可支配收入', '元', Y, '人民生活', 20464, 0.11, 'MEAN'],
  ['J02', '农民人均纯收入', '元', Y, '人民生活', 9249, 0.1, 'MEAN'],
  ['J03', '城市居民人均消费性支出', '元', Y, '人民生活', 14005, 0.1, 'MEAN'],
  ['J04', '城市居民人均住房建筑面积', '平方米', Y, '人民生活', 27.6, 0.03, 'MEAN'],
  ['K01', '粮食总产量', '万吨', Y, '农业', 292.5, 0.02, 'SUM'],
  ['K02', '水产品产量', '万吨', Y, '农业', 112.7, 0.03, 'SUM'],
  ['K03', '接待国内外游客', '万人次', M, '旅游', 385.4, 0.13, 'SUM'],
  ['K04', '旅游总收入', '亿元', M, '旅游', 40.1, 0.16, 'SUM'],
  ['L01', '普通高等学校在校学生', '万人', Y, '社会事业', 25.6, 0.07, 'SUM'],
  ['L02', '卫生机构床位数', '张', Y, '社会事业', 32410, 0.04, 'SUM'],
  ['L03', '空气质量优良天数', '天', Y, '环境', 335, 0.01, 'MEAN'],
];

export const INDICATORS: IndicatorSpec[] = SPECS.map(
  ([code, name, unit, frequency, category, value2009, growth, aggregation]) => ({
    code,
    name,
    unit,
    frequency,
    category,
    value2009,
    growth,
    aggregation,
  }),
);

export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2009;

/** Periods of a frequency over the demo years: '2000'..'2009' or '2000-01'..'2009-12'. */
export function periodsOf(frequency: 'YEARLY' | 'MONTHLY'): string[] {
  const out: string[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    if (frequency === 'YEARLY') out.push(String(y));
    else for (let m = 1; m <= 12; m++) out.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return out;
}

/** Observation rows (indicator, region, period, value) for the city and every district. */
export function* observationRows(seed: number): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const totalPopulation = DISTRICTS.reduce((a, d) => a + d.population, 0);
  // Each district's economic weight: population share, bent by how urban and industrial it is.
  const weights = new Map(
    DISTRICTS.map((d) => [d.code, (d.population / totalPopulation) * (0.6 + random.float() * 0.8)]),
  );
  const weightSum = [...weights.values()].reduce((a, b) => a + b, 0);

  for (const spec of INDICATORS) {
    const periods = periodsOf(spec.frequency);
    for (const period of periods) {
      const year = Number(period.slice(0, 4));
      const month = period.length > 4 ? Number(period.slice(5)) : 0;
      const trend = spec.value2009 / Math.pow(1 + spec.growth, LAST_YEAR - year);
      // Monthly totals have a season: low in February (Spring Festival), high in December.
      const season =
        month === 0 ? 1 : 1 + 0.12 * Math.sin(((month - 4) / 12) * 2 * Math.PI) - (month === 2 ? 0.1 : 0);
      let cityValue = 0;
      for (const d of DISTRICTS) {
        const noise = 1 + (random.float() - 0.5) * 0.08;
        const share = spec.aggregation === 'SUM' ? (weights.get(d.code) ?? 0) / weightSum : 1;
        const value = round(trend * season * share * noise, spec.unit);
        cityValue += spec.aggregation === 'SUM' ? value : (value * d.population) / totalPopulation;
        yield [spec.code, d.code, period, value];
      }
      yield [spec.code, CITY_CODE, period, round(cityValue, spec.unit)];
    }
  }
}

function round(value: number, unit: string): number {
  const digits = unit === '个' || unit === '张' || unit === '天' ? 0 : 2;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Release calendar rows: each period's value is scheduled about 20 days after the period ends. */
export function* releaseRows(): Generator<CopyValue[]> {
  let id = 1;
  for (const spec of INDICATORS) {
    for (const period of periodsOf(spec.frequency)) {
      const year = Number(period.slice(0, 4));
      const month = period.length > 4 ? Number(period.slice(5)) : 12;
      const scheduled = new Date(Date.UTC(year, month, spec.frequency === 'YEARLY' ? 60 : 20));
      const iso = scheduled.toISOString().slice(0, 10);
      // The last two months of 2009 are still scheduled, not yet published, in the demo's "now".
      const published = year === LAST_YEAR && month >= 11 ? null : iso;
      yield [id++, spec.code, period, iso, published];
    }
  }
}

export const REGION_CODES = REGIONS.map((r) => r.code);
