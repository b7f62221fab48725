/** The fictional demo county 990100 示例县 (no real province uses 99): 10 townships, 12–18 villages each. */
import { Random } from './random.ts';

export const DEMO_COUNTY = { code: '990100', name: '示例县' };

export const DEMO_TOWNSHIPS = ['城关镇', '东山镇', '西河乡', '南塘镇', '北岭乡', '清溪镇', '石门乡', '柳林镇', '新安街道', '桃源乡'];

const VILLAGE_FIRST = [
  '东',
  '西',
  '南',
  '北',
  '上',
  '下',
  '前',
  '后',
  '大',
  '小',
  '新',
  '高',
  '石',
  '柳',
  '杨',
  '桃',
  '李',
  '王',
  '张',
  '刘',
  '陈',
  '黄',
  '马',
  '白',
  '青',
  '枣',
  '杏',
  '梨',
  '龙',
  '凤',
  '金',
  '银',
  '官',
  '河',
  '山',
  '沙',
];
const VILLAGE_SECOND = ['庄', '湾', '坪', '沟', '岭', '桥', '塘', '店', '坝', '岗', '集', '寨', '营', '铺', '园', '堡', '口', '峪', '家庄', '家湾', '家洼', '家坡', '树', '林'];
const COMMUNITIES = ['文化路', '人民路', '建设路', '解放路', '新华', '和平', '光明', '幸福', '育才', '东关', '西关', '南关', '北关', '花园', '朝阳', '滨河', '振兴', '锦绣'];

export interface DemoVillage {
  code: string;
  name: string;
  /** Village population (800–3,500): women are spread in proportion to it. */
  population: number;
}

export interface DemoTownship {
  code: string;
  name: string;
  villages: DemoVillage[];
}

export function demoPlaces(seed = 20261123): DemoTownship[] {
  const rnd = new Random(seed);
  return DEMO_TOWNSHIPS.map((name, i) => {
    const code = `${DEMO_COUNTY.code}${String(i + 1).padStart(3, '0')}`;
    const count = rnd.int(12, 18);
    const urban = name.endsWith('街道');
    const used = new Set<string>();
    const villages: DemoVillage[] = [];
    while (villages.length < count) {
      const base = urban ? rnd.pick(COMMUNITIES) : `${rnd.pick(VILLAGE_FIRST)}${rnd.pick(VILLAGE_SECOND)}`;
      const vname = urban ? `${base}社区` : `${base}村`;
      if (used.has(vname)) continue;
      used.add(vname);
      villages.push({
        code: `${code}${String(villages.length + 1).padStart(3, '0')}`,
        name: vname,
        population: rnd.int(800, 3500),
      });
    }
    return { code, name, villages };
  });
}
