/**
 * A township the size the print views are made for: 城关镇 of the cast with 18 villages, of which 12 have people
 * on the month's rosters (so "every village a page" can be counted) and one (村 003) has more than a printed
 * page holds (so a village's own "第 x 页 共 y 页" is exercised). Names include the ones that broke one character
 * a line before (丁晓燕) and four-character ones (欧阳晓燕). Rows are inserted directly, with explicit dates on
 * the suite's clock: the print views only read them.
 */
import type { Knex } from 'knex';
import { addDays, type IsoDate } from '../../../src/domain/dates.ts';
import { createRegion } from '../../../src/features/regions/service.ts';
import type { Cast } from '../../helpers/actors.ts';
import { addFollowUp, addWoman } from '../../helpers/report-fixtures.ts';

const SURNAMES = ['丁', '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '欧阳', '司马', '诸葛'];
const GIVEN = ['晓燕', '秀英', '红梅', '丽娟', '桂兰', '春燕', '海燕', '玉兰', '建华', '淑珍'];

export interface PrintWorld {
  /** Village code → its name, every village of the township (18). */
  villages: { id: number; code: string; name: string }[];
  /** Village code → names of the women seeded there (all on the 应措 roster). */
  women: Map<string, string[]>;
  /** Names with a follow-up due in the month, and with an IUD due for removal in it, by village code. */
  followUps: Map<string, string[]>;
  removals: Map<string, string[]>;
  /** The village with more rows than one printed page. */
  bigVillage: string;
  /** 东山镇's villages: 45, more than an official table's page holds (the header and 合计 rules are seen at work). */
  townshipBVillages: string[];
}

/** How many women each village gets (index = village order); 0: a village with nobody on any roster. */
const PEOPLE = [3, 2, 46, 0, 1, 5, 0, 4, 2, 0, 6, 1, 0, 3, 0, 2, 0, 7];

export async function seedPrintTownship(db: Knex, cast: Cast, today: IsoDate): Promise<PrintWorld> {
  const t = cast.world.townshipA;
  const villages = [cast.world.villageA1, cast.world.villageA2].map((v) => ({ id: v.id, code: v.code, name: v.name }));
  const names = ['南关村', '北关村', '柳树湾村', '杏花村', '石桥村', '王家庄村', '李家坪村', '河西村', '河东村', '新民社区', '红旗村', '前进村', '团结村', '光明村', '向阳村', '白马寺村'];
  for (let i = 0; i < names.length; i += 1) {
    const r = await createRegion(db, null, { code: `${t.code}${String(i + 3).padStart(3, '0')}`, name: names[i] });
    villages.push({ id: r.id, code: r.code, name: r.name });
  }
  const month = today.slice(0, 7);
  const women = new Map<string, string[]>();
  const followUps = new Map<string, string[]>();
  const removals = new Map<string, string[]>();
  let n = 0;
  for (const [i, v] of villages.entries()) {
    for (let k = 0; k < PEOPLE[i]; k += 1) {
      const name = SURNAMES[n % SURNAMES.length] + GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length] + (n >= SURNAMES.length * GIVEN.length ? '子' : '');
      n += 1;
      const id = await addWoman(db, { village: v.id, name, birth_date: `19${88 + (n % 10)}-0${1 + (n % 9)}-15`, marriage_date: '2015-05-01' });
      // The big village's addresses are long enough to wrap to a second line (the most a printed row may take).
      const address = i === 2 ? `${t.name}${v.name}第${1 + (n % 9)}村民小组幸福路${100 + n}号院内东侧` : `${v.name}${1 + (n % 9)}组${10 + n}号`;
      await db('women')
        .where({ id })
        .update({ phone: `1390000${String(n).padStart(4, '0')}`, address });
      women.set(v.code, [...(women.get(v.code) ?? []), name]);
      if (k % 2 === 0) {
        await addFollowUp(db, { woman: id, village: v.id, due_on: `${month}-${String(5 + (k % 20)).padStart(2, '0')}` });
        followUps.set(v.code, [...(followUps.get(v.code) ?? []), name]);
      }
    }
  }
  // Removals: a second set of women (not 应措: they have a method) with an IUD due in the month.
  for (const [i, v] of villages.entries()) {
    if (PEOPLE[i] === 0 || i % 3 !== 0) continue;
    const name = `${SURNAMES[i % SURNAMES.length]}环${GIVEN[i % GIVEN.length]}`;
    const id = await addWoman(db, { village: v.id, name, birth_date: '1986-03-03', marriage_date: '2008-05-01' });
    await db('contraception_episodes').insert({ woman_id: id, region_id: v.id, method: 'iud', started_on: '2018-11-10', due_on: addDays(`${month}-01`, 9) });
    removals.set(v.code, [name]);
  }
  const townshipBVillages = [cast.world.villageB1.name];
  for (let i = 2; i <= 45; i += 1) {
    const r = await createRegion(db, null, { code: `${cast.world.townshipB.code}${String(i).padStart(3, '0')}`, name: `东山${i}村` });
    townshipBVillages.push(r.name);
  }
  return { villages, women, followUps, removals, bigVillage: villages[2].code, townshipBVillages };
}
