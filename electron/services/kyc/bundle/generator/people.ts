import type { Random } from './random';

/** Everyday Chinese names, phones and addresses for test applications; none is a real person's. */

const SURNAMES = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方'];
const GIVEN = Array.from(
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰玉萍红建华文辉鑫宇浩然子轩梓涵欣怡雨晨思远嘉琪佳慧志强海燕春梅秋菊冬雪国庆建国卫东小龙晓峰俊杰家豪雅婷诗琪',
);

export function personName(rng: Random): string {
  const surname = rng.chance(0.02) ? rng.pick(COMPOUND_SURNAMES) : rng.pick(SURNAMES);
  const givenLength = rng.chance(0.25) ? 1 : 2;
  let given = '';
  for (let i = 0; i < givenLength; i += 1) given += rng.pick(GIVEN);
  return surname + given;
}

/** A different person with the same surname: what a relative's or an agent's card looks like. */
export function otherPersonName(rng: Random, name: string): string {
  for (;;) {
    const other = Array.from(name)[0] + rng.pick(GIVEN) + rng.pick(GIVEN);
    if (other !== name) return other;
  }
}

const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '178',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];

export function mobilePhone(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

const ROADS = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '胜利路',
  '新华路',
  '文化路',
  '青年路',
  '光明街',
  '幸福街',
  '朝阳路',
  '长江路',
  '黄河路',
  '团结路',
];

export function streetAddress(rng: Random, provinceName: string, countyName: string): string {
  return `${provinceName}${countyName}${rng.pick(ROADS)}${rng.int(1, 999)}号${rng.int(1, 30)}栋${rng.int(1, 30)}0${rng.int(1, 6)}室`;
}

export const BUSINESSES = [
  { zh: '水果摊', en: 'fruit stall' },
  { zh: '早餐铺', en: 'breakfast stand' },
  { zh: '煎饼果子', en: 'jianbing stand' },
  { zh: '蔬菜零售', en: 'vegetable retail' },
  { zh: '手机配件', en: 'phone accessories' },
  { zh: '服装摊位', en: 'clothing stall' },
  { zh: '烧烤摊', en: 'barbecue stall' },
  { zh: '鲜花零售', en: 'flower retail' },
  { zh: '修鞋配钥匙', en: 'shoe repair and keys' },
  { zh: '网店代发', en: 'online shop' },
] as const;
export type Business = (typeof BUSINESSES)[number];

export function merchantName(rng: Random, ownerName: string, business: Business): string {
  const surname = Array.from(ownerName)[0] ?? '';
  return rng.chance(0.5)
    ? `${surname}记${business.zh}`
    : `${rng.pick(['老', '小', '阿'])}${surname}${business.zh}`;
}

export const MARKETS = ['社区居民委员会', '农贸市场管理处', '夜市管理办公室', '商业街管理委员会'];
