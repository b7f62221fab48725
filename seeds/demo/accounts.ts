/** Demo accounts: admin, a county supervisor, and a supervisor and a clerk per township (sup01/clerk01 …); the village workers (village01 …) come from network.ts. */
import { DEMO_TOWNSHIPS } from './places.ts';

export const DEMO_PASSWORD = 'demo1234';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['秀英', '桂兰', '海燕', '丽娟', '建华', '志强', '晓梅', '红霞', '春燕', '国庆', '文静', '玉兰', '建军', '美玲', '德明', '淑芬', '卫东', '雪梅', '永红', '秀珍'];

export interface DemoAccount {
  username: string;
  display_name: string;
  role: 'admin' | 'supervisor' | 'clerk';
  /** Index of the township (0-based) or 'county'. */
  region: number | 'county';
}

export function demoAccounts(): DemoAccount[] {
  const accounts: DemoAccount[] = [
    { username: 'admin', display_name: '县级管理员', role: 'admin', region: 'county' },
    { username: 'county_sup', display_name: '赵县审核', role: 'supervisor', region: 'county' },
  ];
  DEMO_TOWNSHIPS.forEach((_name, i) => {
    const n = String(i + 1).padStart(2, '0');
    accounts.push({ username: `sup${n}`, display_name: `${SURNAMES[i]}${GIVEN[i * 2]}`, role: 'supervisor', region: i });
    accounts.push({ username: `clerk${n}`, display_name: `${SURNAMES[(i + 3) % 10]}${GIVEN[i * 2 + 1]}`, role: 'clerk', region: i });
  });
  return accounts;
}

/** The lines printed at start and shown in the README. */
export function demoAccountsSummary(): string {
  return [
    `演示账户（密码均为 ${DEMO_PASSWORD}）：`,
    '  admin        县级管理员',
    '  county_sup   县级审核员',
    '  sup01…sup10  各乡镇审核员（01 城关镇 … 10 桃源乡）',
    '  clerk01…clerk10 各乡镇录入员',
    '  village01…village10 各乡镇第一个村的村计生专干',
  ].join('\n');
}
