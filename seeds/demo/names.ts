/**
 * Fictional but plausible names and places for the demo county. Surnames are weighted roughly by how common
 * they are; given names follow the fashion of the decade of birth, so a woman born in 1978 is 秀英 or 红梅 and
 * her daughter born in 2012 is 梓涵 — the register looks like a real one when read down a page.
 */
import type { Random } from './random.ts';

const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72],
  ['李', 71],
  ['张', 68],
  ['刘', 54],
  ['陈', 45],
  ['杨', 32],
  ['黄', 24],
  ['赵', 22],
  ['吴', 21],
  ['周', 20],
  ['徐', 16],
  ['孙', 15],
  ['马', 14],
  ['朱', 13],
  ['胡', 12],
  ['郭', 12],
  ['何', 11],
  ['高', 10],
  ['林', 10],
  ['罗', 9],
  ['郑', 9],
  ['梁', 8],
  ['谢', 7],
  ['宋', 7],
  ['唐', 7],
  ['许', 6],
  ['韩', 6],
  ['冯', 6],
  ['邓', 6],
  ['曹', 6],
  ['彭', 5],
  ['曾', 5],
  ['肖', 5],
  ['田', 5],
  ['董', 5],
  ['袁', 4],
  ['潘', 4],
  ['于', 4],
  ['蒋', 4],
  ['蔡', 4],
  ['余', 4],
  ['杜', 4],
  ['叶', 4],
  ['程', 3],
  ['苏', 3],
  ['魏', 3],
  ['吕', 3],
  ['丁', 3],
  ['任', 3],
  ['沈', 3],
  ['姚', 3],
  ['卢', 3],
  ['姜', 3],
  ['崔', 2],
  ['钟', 2],
  ['谭', 2],
  ['陆', 2],
  ['汪', 2],
];

const FEMALE_BY_ERA: Record<string, readonly string[]> = {
  // born before 1985
  old: [
    '秀英',
    '桂兰',
    '玉兰',
    '淑芬',
    '秀兰',
    '红梅',
    '丽华',
    '桂英',
    '凤英',
    '春梅',
    '秀珍',
    '玉梅',
    '冬梅',
    '海燕',
    '秀芳',
    '丽萍',
    '红霞',
    '美兰',
    '翠花',
    '金凤',
    '爱华',
    '素琴',
    '月娥',
    '小红',
    '建华',
    '彩霞',
    '玉珍',
    '春燕',
  ],
  // 1985–1999
  mid: [
    '丽娟',
    '晓燕',
    '婷婷',
    '静怡',
    '倩倩',
    '雪梅',
    '丹丹',
    '莉莉',
    '晓丽',
    '慧敏',
    '文静',
    '佳佳',
    '燕妮',
    '玲玲',
    '海霞',
    '小燕',
    '艳芳',
    '晶晶',
    '晓梅',
    '瑞雪',
    '思琪',
    '美玲',
    '亚楠',
    '春晓',
    '梦瑶',
    '媛媛',
    '雅琴',
    '秋月',
  ],
  // 2000 and later
  young: [
    '欣怡',
    '梓涵',
    '雨萱',
    '子涵',
    '诗涵',
    '可馨',
    '梦琪',
    '思雨',
    '佳怡',
    '雨桐',
    '心怡',
    '语嫣',
    '若曦',
    '一诺',
    '紫萱',
    '欣妍',
    '嘉怡',
    '梓萱',
    '芷若',
    '悦然',
    '安琪',
    '沐晴',
    '语桐',
    '雅馨',
    '依诺',
    '梓琳',
    '晨曦',
    '馨月',
  ],
};

const MALE_BY_ERA: Record<string, readonly string[]> = {
  old: ['建国', '建军', '国强', '志强', '永红', '卫东', '德明', '国庆', '建华', '海军', '振华', '立新', '文斌', '志刚', '永刚', '红军', '建平', '金生', '长江', '春生', '明亮', '宏伟', '保国', '学军'],
  mid: ['伟', '磊', '浩', '鹏', '涛', '明', '超', '俊杰', '文博', '志伟', '晓东', '海涛', '建伟', '鑫', '杰', '亮', '小龙', '宇航', '家豪', '振宇', '晨光', '凯', '斌', '雷'],
  young: [
    '子轩',
    '浩然',
    '宇轩',
    '梓豪',
    '俊熙',
    '一鸣',
    '皓轩',
    '子墨',
    '铭泽',
    '思远',
    '博文',
    '沐阳',
    '天佑',
    '浩宇',
    '睿泽',
    '嘉懿',
    '奕辰',
    '宸宇',
    '锦程',
    '承泽',
    '俊宇',
    '逸凡',
    '泽楷',
    '昊然',
  ],
};

const ETHNIC_MINORITIES: readonly (readonly [string, number])[] = [
  ['回族', 25],
  ['土家族', 20],
  ['苗族', 18],
  ['满族', 12],
  ['壮族', 10],
  ['蒙古族', 6],
  ['彝族', 5],
  ['侗族', 4],
];

/** Where outflowing women work and where inflowing women come from (real provinces: only places, no people). */
export const OUTFLOW_PLACES = [
  '广东省深圳市宝安区',
  '广东省东莞市长安镇',
  '广东省广州市白云区',
  '浙江省杭州市余杭区',
  '浙江省宁波市鄞州区',
  '江苏省苏州市昆山市',
  '上海市闵行区',
  '北京市朝阳区',
  '福建省厦门市集美区',
  '天津市滨海新区',
  '浙江省温州市瓯海区',
  '江苏省无锡市新吴区',
];
export const INFLOW_PLACES = [
  '四川省达州市渠县',
  '湖南省邵阳市隆回县',
  '河南省周口市郸城县',
  '安徽省阜阳市临泉县',
  '贵州省毕节市织金县',
  '江西省赣州市于都县',
  '湖北省黄冈市蕲春县',
  '广西壮族自治区玉林市博白县',
  '云南省昭通市镇雄县',
  '甘肃省天水市秦安县',
];

export const PROVIDERS = ['王', '李', '张', '刘', '陈', '赵', '孙', '周'].flatMap((s) => [`${s}医生`]);

export const FOLLOW_UP_RESULTS = ['恢复良好', '无异常', '无不适', '伤口愈合良好', '轻度腰酸，已指导', '月经量稍多，继续观察'];
export const IUD_FOLLOW_UP_RESULTS = ['节育器位置正常', '无异常', '月经量稍多，继续观察', '轻度腰酸，已指导'];

export function surname(rnd: Random): string {
  return rnd.weighted(SURNAMES);
}

function era(birthYear: number): string {
  return birthYear < 1985 ? 'old' : birthYear < 2000 ? 'mid' : 'young';
}

export function femaleGiven(rnd: Random, birthYear: number): string {
  return rnd.pick(FEMALE_BY_ERA[era(birthYear)]);
}

export function maleGiven(rnd: Random, birthYear: number): string {
  return rnd.pick(MALE_BY_ERA[era(birthYear)]);
}

/** About 92% 汉族, the rest from a short list of minorities. */
export function ethnicity(rnd: Random): string {
  return rnd.chance(0.92) ? '汉族' : rnd.weighted(ETHNIC_MINORITIES);
}

/** A mobile number that looks real (13x/15x/18x) but is made up. */
export function phone(rnd: Random): string {
  return `1${rnd.pick(['3', '5', '8'])}${rnd.int(0, 9)}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`;
}
