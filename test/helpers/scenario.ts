/**
 * A lived-in county for the cross-cutting tests (scope matrix, ID-number scan, accessibility, XSS): the cast of
 * actors.ts plus, in each of townships A and B, the records every feature's pages and routes need — a card with
 * a child, an IUD insertion (episode and follow-ups) and a certificate; a pregnant woman; an exited card; a card
 * being transferred to the other township; this quarter's double-check round; last month's population figures;
 * subsidy applications (draft and submitted); and one county payment batch. Everything is made through the
 * features' own services, as the named township users, so the rows look exactly like real ones.
 *
 * Records are returned by name with the township as suffix (womanA, womanB, followUpA, …); `ids` holds the full
 * ID numbers (the scanner must never find them where they may not show).
 */
import type { Knex } from 'knex';
import type { Actor } from '../../src/auth/actor.ts';
import { addDays, type IsoDate } from '../../src/domain/dates.ts';
import { quarterOf } from '../../src/domain/check-rounds.ts';
import { lastMonth } from '../../src/domain/report-periods.ts';
import { saveGrid } from '../../src/features/population/service.ts';
import { openRound } from '../../src/features/services/service.ts';
import { recordService } from '../../src/features/services/service.ts';
import { createApplication } from '../../src/features/subsidies/service.ts';
import { generateBatch } from '../../src/features/subsidies/service.ts';
import { decideApplication, submitApplication } from '../../src/features/subsidies/service.ts';
import { issueCertificate } from '../../src/features/women/service.ts';
import { exitCard } from '../../src/features/women/service.ts';
import { openPregnancy, recordBirth } from '../../src/features/women/service.ts';
import { moveCard } from '../../src/features/women/service.ts';
import type { RegionRow } from '../../src/features/regions/service.ts';
import type { ActorKey, Cast } from './actors.ts';
import { DEATH_EVIDENCE, REWARD_EVIDENCE, deathEligibleWoman, rewardEligibleWoman } from './subsidy-fixtures.ts';
import { actorFor, makeCard } from './women.ts';
import { TEST_TODAY, testNow } from './clock.ts';
import { must } from './must.ts';

export interface Scenario {
  /** Record ids by name: womanA, childA, serviceA, episodeA, followUpA, certA, pregnantA, pregA, exitedA, movingA, transferA, roundA, appDraftA, appSubmittedA, elderA (and …B), batch, payment. */
  records: Record<string, number>;
  /** Full ID numbers of the cards by record name (womanA → her 18 characters). */
  ids: Record<string, string>;
  /** The business date the records were made on (China time). */
  today: IsoDate;
  /** Last month (YYYY-MM): the month with population figures. */
  month: string;
}

export function castActor(cast: Cast, key: ActorKey): Actor {
  const u = cast.users[key];
  const role = key === 'admin' ? 'admin' : key === 'villageA1' ? 'village' : key.startsWith('clerk') ? 'clerk' : 'supervisor';
  const region = {
    admin: cast.world.county,
    countySup: cast.world.county,
    supA: cast.world.townshipA,
    clerkA: cast.world.townshipA,
    supB: cast.world.townshipB,
    clerkB: cast.world.townshipB,
    villageA1: cast.world.villageA1,
  }[key];
  return actorFor({ id: u.id, username: u.username, display_name: u.display_name, role }, region);
}

const NAMES = { A: ['王秀英', '刘桂芳', '陈玉兰', '赵淑珍', '孙丽华'], B: ['李桂兰', '杨春梅', '黄秀珍', '周凤英', '吴翠花'] };

async function township(db: Knex, cast: Cast, side: 'A' | 'B', today: IsoDate, month: string) {
  const clerk = castActor(cast, side === 'A' ? 'clerkA' : 'clerkB');
  const sup = castActor(cast, side === 'A' ? 'supA' : 'supB');
  const village: RegionRow = side === 'A' ? cast.world.villageA1 : cast.world.villageB1;
  const other: RegionRow = side === 'A' ? cast.world.villageB1 : cast.world.villageA1;
  const opts = { today };
  const [n1, n2, n3, n4, n5] = NAMES[side];
  const r: Record<string, number> = {};
  const ids: Record<string, string> = {};

  // A mother with one child, an IUD since February and the only-child certificate.
  const woman = await makeCard(db, clerk, village.code, { name: n1, address: `${village.name}3组12号` });
  const birth = await recordBirth(db, clerk, woman.id, { birth_date: '2015-04-02', children: [{ sex: 'female', name: '张小花' }] }, opts);
  const service = await recordService(
    db,
    clerk,
    woman.id,
    { kind: 'iud_insertion', performed_on: addDays(today, -100), facility: `${village.name}卫生室`, provider: '李医生', findings: '术后观察无异常', notes: '按时随访', complication: 'none' },
    opts,
  );
  const cert = await issueCertificate(db, clerk, woman.id, { kind: 'only_child_glory', number: `GR${side}${woman.id}`, issued_on: '2016-01-10' }, opts);
  const episode = must(await db('contraception_episodes').where({ woman_id: woman.id, service_id: service.service.id }).first('id'), 'IUD episode');
  Object.assign(r, {
    [`woman${side}`]: woman.id,
    [`child${side}`]: birth.children[0].id,
    [`service${side}`]: service.service.id,
    [`followUp${side}`]: service.followUps[0].id,
    [`episode${side}`]: episode.id,
    [`cert${side}`]: cert.id,
  });
  ids[`woman${side}`] = woman.id_number;
  ids[`spouse${side}`] = woman.spouse_id_number!;

  // Pregnant, no method.
  const pregnant = await makeCard(db, clerk, village.code, { name: n2 });
  const preg = await openPregnancy(db, clerk, pregnant.id, { found_on: addDays(today, -60), lmp_date: addDays(today, -90) }, opts);
  r[`pregnant${side}`] = pregnant.id;
  r[`preg${side}`] = preg.id;
  ids[`pregnant${side}`] = pregnant.id_number;

  // Exited (moved out of the county).
  const exited = await makeCard(db, clerk, village.code, { name: n3 });
  await exitCard(db, clerk, exited.id, { exit_reason: 'moved_out', exit_date: addDays(today, -30), exit_note: '随夫迁往外省', version: exited.version }, opts);
  r[`exited${side}`] = exited.id;
  ids[`exited${side}`] = exited.id_number;

  // Sent to the other township, waiting for it to accept.
  const moving = await makeCard(db, clerk, village.code, { name: n4 });
  await moveCard(db, clerk, moving.id, { village: other.code, moved_on: addDays(today, -3), reason: '婚后随夫居住' }, opts);
  r[`moving${side}`] = moving.id;
  r[`transfer${side}`] = must(await db('transfers').where({ woman_id: moving.id }).first('id'), 'transfer').id;
  ids[`moving${side}`] = moving.id_number;

  // This quarter's double-check round.
  const q = quarterOf(today);
  r[`round${side}`] = (await openRound(db, clerk, { year: q.year, quarter: q.quarter }, opts)).round.id;

  // Last month's population figures for every village of the township.
  const villages = await db('regions')
    .where({ parent_id: side === 'A' ? cast.world.townshipA.id : cast.world.townshipB.id, level: 'village' })
    .orderBy('code');
  await saveGrid(
    db,
    clerk,
    month,
    villages.map((v, i) => ({ village: v.code, populationEnd: 1200 + i * 100, deaths: 1 })),
    testNow(),
  );

  // Subsidy applications: a draft, and one waiting for the township's review.
  const elder = await rewardEligibleWoman(db, village.id, n5);
  const elder2 = await rewardEligibleWoman(db, village.id, `${n5.slice(0, 1)}玉珍`);
  const bank = { bank_name: '示例县农商银行', bank_account: '6230 5200 1234 5678 901', evidence: REWARD_EVIDENCE };
  const year = Number(today.slice(0, 4));
  const draft = await createApplication(db, clerk, { woman: elder.id, program: 'reward_assistance', year, beneficiary: 'woman', account_holder: elder.name, note: '材料齐全', ...bank });
  const second = await createApplication(db, clerk, { woman: elder2.id, program: 'reward_assistance', year, beneficiary: 'woman', account_holder: elder2.name, ...bank });
  const submitted = await submitApplication(db, clerk, second.id, { version: second.version }, testNow());
  r[`elder${side}`] = elder.id;
  r[`appDraft${side}`] = draft.id;
  r[`appSubmitted${side}`] = submitted.id;
  ids[`elder${side}`] = elder.id_number;

  return { r, ids, sup, clerk, village };
}

/** Build the scenario for a cast (a few seconds: every record goes through its service). */
export async function seedScenario(db: Knex, cast: Cast): Promise<Scenario> {
  const today = TEST_TODAY;
  const month = lastMonth(today);
  const a = await township(db, cast, 'A', today, month);
  const b = await township(db, cast, 'B', today, month);
  const records = { ...a.r, ...b.r };
  const ids = { ...a.ids, ...b.ids };

  // Approved applications: two of 奖扶 in A paid by the county's batch for this year (both payments pending), and
  // one of 特扶 in B whose monthly payments have not been generated yet.
  const county = castActor(cast, 'countySup');
  const year = Number(today.slice(0, 4));
  const approve = async (side: typeof a, woman: { id: number; name: string }, program: 'reward_assistance' | 'special_assistance_death', account: string) => {
    const evidence = program === 'reward_assistance' ? REWARD_EVIDENCE : DEATH_EVIDENCE;
    const app = await createApplication(db, side.clerk, {
      woman: woman.id,
      program,
      year,
      beneficiary: 'woman',
      account_holder: woman.name,
      bank_name: '示例县农商银行',
      bank_account: account,
      evidence,
    });
    let cur = await submitApplication(db, side.clerk, app.id, { version: app.version }, testNow());
    cur = await decideApplication(db, side.sup, app.id, 'approve', { opinion: '情况属实，同意上报。', version: cur.version }, testNow());
    await decideApplication(db, county, app.id, 'approve', { opinion: '准予享受。', version: cur.version }, testNow());
    return app.id;
  };
  const elder = await rewardEligibleWoman(db, cast.world.villageA2.id, '郑桂英');
  const elder2 = await rewardEligibleWoman(db, cast.world.villageA2.id, '冯秀兰');
  records.appApproved = await approve(a, elder, 'reward_assistance', '6230 5200 1234 5678 902');
  records.appApproved2 = await approve(a, elder2, 'reward_assistance', '6230 5200 1234 5678 912');
  const bereaved = await deathEligibleWoman(db, cast.world.villageB1.id, '何桂珍');
  records.appDeathB = await approve(b, bereaved, 'special_assistance_death', '6230 5200 1234 5678 922');
  const { batch } = await generateBatch(db, county, { program: 'reward_assistance', period: String(year) }, today);
  records.elderApproved = elder.id;
  records.batch = batch.id;
  records.payment = must(await db('subsidy_payments').where({ batch_id: batch.id }).orderBy('id').first('id'), 'payment').id;
  ids.elderApproved = elder.id_number;
  ids.bereavedB = bereaved.id_number;
  return { records, ids, today, month };
}
