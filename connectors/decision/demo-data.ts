/**
 * Demo decision-support data: ~2,000 documents (2005-2009), the 60 publicly supervised tasks of 2009 (挂牌督办)
 * plus internal ones, ~300 key projects invested by demo enterprises, and yearly performance scores.
 */
import { DEPARTMENTS, DISTRICTS, departmentCode } from '../directory/reference-data';
import { DemoRandom } from '../shared/demo-random';
import type { CopyValue } from '../shared/bulk-load';

export const DOCUMENT_COUNT = 2_000;
export const PUBLIC_TASKS = 60;
export const INTERNAL_TASKS = 120;
export const KEY_PROJECTS = 300;

const TOPICS = [
  '加快服务业发展',
  '推进节能减排',
  '促进中小企业发展',
  '加强安全生产',
  '扩大内需保持经济平稳较快增长',
  '推进电子政务建设',
  '加强政务信息资源共享',
  '推进蓝色经济区建设',
  '促进港口物流业发展',
  '加强食品安全监管',
  '做好城乡居民社会养老保险',
  '推进保障性住房建设',
  '加快高新技术产业发展',
  '加强财源建设',
  '优化投资环境',
  '推进行政审批制度改革',
  '加强城市管理',
  '推进农村综合改革',
  '加强环境保护',
  '促进旅游业发展',
  '做好高校毕业生就业',
  '推进文化体制改革',
  '加强应急管理',
  '推进重点项目建设',
  '加强统计工作',
];
const TITLE_TEMPLATES: [kind: string, make: (topic: string, year: number, dept: string) => string][] = [
  ['POLICY', (t) => `关于${t}的意见`],
  ['POLICY', (t) => `关于${t}的实施意见`],
  ['POLICY', (t) => `关于${t}若干政策措施的通知`],
  ['NOTICE', (t, y) => `关于做好${y}年${t}工作的通知`],
  ['NOTICE', (t) => `关于印发${t}工作方案的通知`],
  ['REPORT', (_t, y, d) => `${d}${y}年工作总结和下一年工作安排`],
  ['REPORT', (t, y) => `${y}年${t}情况的报告`],
  ['BRIEFING', (t) => `决策参考：${t}的调查与建议`],
];

/** Policy document rows: id, doc number, title, kind, issuing department, date, secrecy level. */
export function* documentRows(seed: number): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const serials = new Map<string, number>();
  const office = departmentCode('市政府办公厅');
  for (let id = 1; id <= DOCUMENT_COUNT; id++) {
    const year = random.int(2005, 2009);
    const byGovernment = random.chance(0.35);
    const dept = byGovernment ? DEPARTMENTS.find((d) => d.code === office)! : random.pick(DEPARTMENTS);
    const [kind, make] = random.pick(TITLE_TEMPLATES);
    const prefix = byGovernment
      ? random.pick(['青政发', '青政办发', '青政字'])
      : `青${dept.shortName.replace(/^市/, '').slice(0, 2)}发`;
    const serialKey = `${prefix}${year}`;
    const serial = (serials.get(serialKey) ?? 0) + 1;
    serials.set(serialKey, serial);
    const day = `${year}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const secrecy = random.weighted(['PUBLIC', 'INTERNAL', 'RESTRICTED'], [70, 25, 5]);
    yield [
      id,
      `${prefix}〔${year}〕${serial}号`,
      make(random.pick(TOPICS), year, dept.shortName),
      kind,
      dept.code,
      day,
      secrecy,
    ];
  }
}

const TASK_SUBJECTS = [
  '胶州湾海底隧道建设',
  '青岛海湾大桥建设',
  '地铁一期工程前期工作',
  '流亭机场改扩建',
  '前湾港区集装箱码头扩建',
  '老城区危旧房改造',
  '城市污水处理厂提标改造',
  '农村饮水安全工程',
  '中小学校舍安全工程',
  '社区卫生服务中心建设',
  '保障性住房开工建设',
  '奥帆中心赛后利用',
  '崂山风景区综合整治',
  '海水淡化项目',
  '蓝色经济区规划编制',
  '市民服务热线整合',
  '网上审批系统推广',
  '企业信用信息共享平台建设',
  '财源信息共享数据库建设',
  '统计信息与决策支持数据库建设',
  '城乡环卫一体化',
  '公共自行车系统建设',
  '河道综合整治',
  '节能减排目标责任落实',
  '食品安全专项整治',
  '小额贷款公司试点',
  '高校毕业生就业援助',
  '农民工工资支付保障',
  '城乡居民养老保险试点',
  '文化惠民工程',
];
const TASK_NOTES: Record<string, string[]> = {
  NOT_STARTED: ['已完成前期调研，正在制定实施方案', '方案待市政府常务会议研究'],
  IN_PROGRESS: [
    '按计划推进，已完成阶段目标',
    '主体工程施工中',
    '已完成招标，正在组织实施',
    '部分指标进度滞后，正在加快推进',
  ],
  COMPLETED: ['已按期完成并通过验收', '已完成，转入常态化管理'],
  OVERDUE: ['受资金和拆迁影响，未能按期完成', '进度滞后，已约谈牵头单位'],
};

/** Supervised task rows; the first PUBLIC_TASKS are the publicly listed tasks of 2009. */
export function* taskRows(seed: number): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  const leads = DEPARTMENTS.filter((d) => d.code !== departmentCode('市政府办公厅'));
  for (let id = 1; id <= PUBLIC_TASKS + INTERNAL_TASKS; id++) {
    const publiclyListed = id <= PUBLIC_TASKS;
    const year = publiclyListed ? 2009 : random.int(2008, 2010);
    const deadline =
      `${year}-${String(random.int(3, 12)).padStart(2, '0')}-${random.pick(['15', '30'])}`.replace(
        '-02-30',
        '-02-28',
      );
    // The demo's "now" is the end of 2009: earlier deadlines are done or overdue.
    const due = deadline < '2009-12-31';
    const status = due
      ? random.weighted(['COMPLETED', 'OVERDUE'], [88, 12])
      : random.weighted(['NOT_STARTED', 'IN_PROGRESS', 'COMPLETED'], [15, 70, 15]);
    const progress = status === 'COMPLETED' ? 100 : status === 'NOT_STARTED' ? 0 : random.int(20, 95);
    const subject = TASK_SUBJECTS[(id - 1) % TASK_SUBJECTS.length];
    const title = publiclyListed ? `${subject}` : `${subject}（${year}年度内部督办）`;
    yield [
      id,
      `DB${year}-${String(id).padStart(3, '0')}`,
      title,
      random.pick(leads).code,
      deadline,
      status,
      progress,
      random.pick(TASK_NOTES[status]),
      publiclyListed,
    ];
  }
}

const PROJECT_KINDS = [
  '产业园',
  '工业园三期',
  '物流中心',
  '研发中心',
  '生产基地扩建',
  '商业综合体',
  '五星级酒店',
  '码头工程',
  '保障性住房',
  '热电联产项目',
  '污水处理厂',
  '软件园',
  '汽车零部件基地',
  '海洋生物产业园',
  '家电产业基地',
];

/** Key project rows; investors are drawn from `investorCodes` (credit codes of demo enterprises). */
export function* projectRows(
  seed: number,
  investorCodes: readonly { creditCode: string; districtCode: string }[],
): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  for (let id = 1; id <= KEY_PROJECTS; id++) {
    const investor = random.pick(investorCodes);
    // Most projects are in the investor's own district.
    const district = random.chance(0.8)
      ? DISTRICTS.find((d) => d.code === investor.districtCode)!
      : random.pick(DISTRICTS);
    const total = Math.round(random.logNormal(80_000, 0.9) * 100) / 100;
    const status = random.weighted(['PLANNED', 'UNDER_CONSTRUCTION', 'COMPLETED'], [20, 55, 25]);
    const share = status === 'COMPLETED' ? 1 : status === 'PLANNED' ? 0 : 0.1 + random.float() * 0.8;
    yield [
      id,
      `${district.name}${random.pick(PROJECT_KINDS)}`,
      investor.creditCode,
      district.code,
      total,
      Math.round(total * share * 100) / 100,
      status,
      random.int(2006, 2010),
    ];
  }
}

/** Performance scores: every department, 2000-2009, ranked within each year. */
export function* scoreRows(seed: number): Generator<CopyValue[]> {
  const random = new DemoRandom(seed);
  for (let year = 2000; year <= 2009; year++) {
    const scores = DEPARTMENTS.map((d) => ({
      code: d.code,
      score: Math.round((78 + random.float() * 21) * 100) / 100,
    }));
    scores.sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
    let rank = 0;
    for (const s of scores) {
      rank++;
      const grade = s.score >= 93 ? '优秀' : s.score >= 85 ? '良好' : '一般';
      yield [s.code, year, s.score, rank, grade];
    }
  }
}
