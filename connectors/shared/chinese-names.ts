/**
 * Building blocks for plausible Chinese personal and enterprise names in demo data.
 */
import type { DemoRandom } from './demo-random';

// The most common surnames, roughly in order of frequency in Shandong.
const SURNAMES = '王张李刘陈杨赵孙周吴徐高马于胡郭林何宋郑韩曲姜董袁崔薛毕纪宫隋矫臧逄栾'.split('');
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志强海波文红玉梅晓东鹏飞宁凯斌峰'.split('');

/** A personal name: surname plus one or two given-name characters. */
export function personName(random: DemoRandom): string {
  const given = random.chance(0.7) ? random.pick(GIVEN) + random.pick(GIVEN) : random.pick(GIVEN);
  return random.pick(SURNAMES) + given;
}

const MOBILE_PREFIXES = ['133', '135', '136', '137', '138', '139', '150', '151', '153', '158', '159', '186'];

/** A mobile number (11 digits) or a Qingdao landline (0532-8xxxxxxx). */
export function phoneNumber(random: DemoRandom): string {
  if (random.chance(0.3)) return `0532-8${String(random.int(0, 9_999_999)).padStart(7, '0')}`;
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
}

// 字号: the distinctive part of an enterprise name.
const TRADE_NAMES = (
  '海信 海尔 澳柯玛 双星 青啤 琴岛 崂山 黄海 金王 东方 恒远 瑞昌 华通 鑫源 宏达 正大 蓝海 海湾 明月 泰山 ' +
  '汇丰 立信 三利 中联 金桥 兴华 远洋 胶澳 德源 润泽 天泰 福瑞 新大陆 永和 奥博 凯盛 信达 鼎盛 海达 青宇 ' +
  '银河 启航 信诚 华东 北海 万和 盛华 世纪 华联 正阳 海川 朝阳 广源 旭日 金海 安泰 利群 颐中 前湾 海晶'
).split(' ');

/** An enterprise name: 青岛 + trade name + business word + legal form, e.g. 青岛海达机械制造有限公司. */
export function enterpriseName(random: DemoRandom, businessWords: readonly string[]): string {
  const form = random.weighted(['有限公司', '股份有限公司', '有限责任公司', '集团有限公司'], [70, 10, 15, 5]);
  return `青岛${random.pick(TRADE_NAMES)}${random.pick(businessWords)}${form}`;
}
