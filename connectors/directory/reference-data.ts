/**
 * Reference data every source shares: Qingdao's administrative divisions (行政区划) as of 2009, and the city's
 * departments. Codes are the real GB/T 2260 division codes; department codes are division code + serial.
 */

export type RegionKind = 'CITY' | 'DISTRICT' | 'COUNTY_CITY';

export interface RegionSeed {
  code: string;
  name: string;
  kind: RegionKind;
  /** Resident population in 2009, ten-thousands (万人); scales the demo data of each district. */
  population: number;
}

export const CITY_CODE = '370200';

/** Qingdao and its 12 districts and county-level cities (7 districts, 5 cities) in 2009. */
export const REGIONS: readonly RegionSeed[] = [
  { code: '370200', name: '青岛市', kind: 'CITY', population: 762 },
  { code: '370202', name: '市南区', kind: 'DISTRICT', population: 55 },
  { code: '370203', name: '市北区', kind: 'DISTRICT', population: 60 },
  { code: '370205', name: '四方区', kind: 'DISTRICT', population: 40 },
  { code: '370211', name: '黄岛区', kind: 'DISTRICT', population: 33 },
  { code: '370212', name: '崂山区', kind: 'DISTRICT', population: 39 },
  { code: '370213', name: '李沧区', kind: 'DISTRICT', population: 50 },
  { code: '370214', name: '城阳区', kind: 'DISTRICT', population: 70 },
  { code: '370281', name: '胶州市', kind: 'COUNTY_CITY', population: 80 },
  { code: '370282', name: '即墨市', kind: 'COUNTY_CITY', population: 112 },
  { code: '370283', name: '平度市', kind: 'COUNTY_CITY', population: 133 },
  { code: '370284', name: '胶南市', kind: 'COUNTY_CITY', population: 84 },
  { code: '370285', name: '莱西市', kind: 'COUNTY_CITY', population: 72 },
];

/** The 12 districts and county-level cities, without the city itself. */
export const DISTRICTS = REGIONS.filter((r) => r.kind !== 'CITY');

export interface DepartmentSeed {
  code: string;
  name: string;
  shortName: string;
  regionCode: string;
}

// Municipal departments of 2009 (市政府工作部门, 直属机构 and a few other units), in the order of the city's
// government directory. Short names are the ones used in document numbers (青统字, 青财预...).
const MUNICIPAL: readonly [name: string, shortName: string][] = [
  ['青岛市人民政府办公厅', '市政府办公厅'],
  ['青岛市发展和改革委员会', '市发展改革委'],
  ['青岛市经济和信息化委员会', '市经济信息化委'],
  ['青岛市教育局', '市教育局'],
  ['青岛市科学技术局', '市科技局'],
  ['青岛市民族宗教事务局', '市民族宗教局'],
  ['青岛市公安局', '市公安局'],
  ['青岛市监察局', '市监察局'],
  ['青岛市民政局', '市民政局'],
  ['青岛市司法局', '市司法局'],
  ['青岛市财政局', '市财政局'],
  ['青岛市人力资源和社会保障局', '市人力资源社会保障局'],
  ['青岛市国土资源和房屋管理局', '市国土资源房管局'],
  ['青岛市环境保护局', '市环保局'],
  ['青岛市规划局', '市规划局'],
  ['青岛市城乡建设委员会', '市城乡建设委'],
  ['青岛市交通运输委员会', '市交通运输委'],
  ['青岛市农业委员会', '市农委'],
  ['青岛市海洋与渔业局', '市海洋与渔业局'],
  ['青岛市水利局', '市水利局'],
  ['青岛市林业局', '市林业局'],
  ['青岛市商务局', '市商务局'],
  ['青岛市文化广电新闻出版局', '市文广新局'],
  ['青岛市卫生局', '市卫生局'],
  ['青岛市人口和计划生育委员会', '市人口计生委'],
  ['青岛市审计局', '市审计局'],
  ['青岛市人民政府外事办公室', '市外办'],
  ['青岛市人民政府国有资产监督管理委员会', '市国资委'],
  ['青岛市地方税务局', '市地税局'],
  ['青岛市国家税务局', '市国税局'],
  ['青岛市工商行政管理局', '市工商局'],
  ['青岛市质量技术监督局', '市质监局'],
  ['青岛市安全生产监督管理局', '市安监局'],
  ['青岛市食品药品监督管理局', '市食品药品监管局'],
  ['青岛市统计局', '市统计局'],
  ['青岛市物价局', '市物价局'],
  ['青岛市旅游局', '市旅游局'],
  ['青岛市体育局', '市体育局'],
  ['青岛市城市管理局', '市城管局'],
  ['青岛市园林局', '市园林局'],
  ['青岛市人民防空办公室', '市人防办'],
  ['青岛市港航管理局', '市港航局'],
  ['青岛市口岸办公室', '市口岸办'],
  ['青岛市粮食局', '市粮食局'],
  ['青岛市档案局', '市档案局'],
  ['青岛市信访局', '市信访局'],
  ['青岛市人民政府法制办公室', '市法制办'],
  ['青岛市人民政府金融工作办公室', '市金融办'],
  ['青岛市人民政府研究室', '市政府研究室'],
  ['青岛市人民政府侨务办公室', '市侨办'],
  ['青岛市老龄工作委员会办公室', '市老龄办'],
  ['青岛市住房公积金管理中心', '市公积金中心'],
  ['青岛市社会保险事业局', '市社保局'],
  ['青岛市行政审批服务中心', '市审批中心'],
  ['青岛市电子政务和信息资源管理办公室', '市电子政务办'],
  ['青岛市信息资源交换中心', '市交换中心'],
  ['青岛市公共资源交易中心', '市公共资源交易中心'],
  ['青岛市地震局', '市地震局'],
  ['青岛市气象局', '市气象局'],
  ['青岛市海事局', '市海事局'],
  ['青岛海关', '青岛海关'],
  ['青岛出入境检验检疫局', '青岛检验检疫局'],
  ['青岛市烟草专卖局', '市烟草专卖局'],
  ['青岛市供销合作社', '市供销社'],
  ['青岛市科学技术协会', '市科协'],
  ['青岛市残疾人联合会', '市残联'],
  ['青岛市总工会', '市总工会'],
  ['青岛市妇女联合会', '市妇联'],
];

/** About 80 departments: the municipal ones (370200001...) and the 12 district governments (<division>001). */
export const DEPARTMENTS: readonly DepartmentSeed[] = [
  ...MUNICIPAL.map(([name, shortName], i) => ({
    code: `${CITY_CODE}${String(i + 1).padStart(3, '0')}`,
    name,
    shortName,
    regionCode: CITY_CODE,
  })),
  ...DISTRICTS.map((r) => ({
    code: `${r.code}001`,
    name: `青岛市${r.name}人民政府`,
    shortName: `${r.name}政府`,
    regionCode: r.code,
  })),
];

/** Looks up a seeded department by short name; throws if the demo data lacks it (a typo in a seed module). */
export function departmentCode(shortName: string): string {
  const d = DEPARTMENTS.find((x) => x.shortName === shortName);
  if (!d) throw new Error(`No seeded department with short name ${shortName}`);
  return d.code;
}
