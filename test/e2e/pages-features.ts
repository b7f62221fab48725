/// <reference lib="dom" />
/**
 * The features' pages for the accessibility check (appended to PAGES in pages.ts): the register and every card
 * form, services, follow-ups, double-check rounds, rosters and work orders, population, reports and the
 * drill-down, subsidies, and the print views; main entry forms also in their error state. Records come from
 * the scenario (test/helpers/scenario.ts): `r.womanA` is a card of township A with a child, an IUD and a
 * certificate, `r.pregnantA` has an ongoing pregnancy, and so on.
 */
import type { PageCheck, Stage } from './pages.ts';
import { submitEmpty } from './pages.ts';

const r = (s: Stage) => s.records;
const since = (s: Stage) => `from=2015-01-01&to=${s.today}`;

export const FEATURE_PAGES: PageCheck[] = [
  // Register.
  { name: '育龄妇女列表', as: 'clerkA', path: '/women' },
  { name: '育龄妇女列表（县）', as: 'countySup', path: '/women?status=all' },
  { name: '新增信息卡', as: 'clerkA', path: '/women/new' },
  { name: '新增信息卡（有错误）', as: 'clerkA', path: '/women/new', prepare: (page) => submitEmpty(page, 'form[action="/women"]') },
  { name: '信息卡', as: 'clerkA', path: (s) => `/women/${r(s).womanA}` },
  { name: '信息卡（县审核员）', as: 'countySup', path: (s) => `/women/${r(s).womanA}` },
  { name: '信息卡（已出队）', as: 'clerkA', path: (s) => `/women/${r(s).exitedA}` },
  { name: '信息卡（迁移中）', as: 'clerkA', path: (s) => `/women/${r(s).movingA}` },
  { name: '修改信息卡', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/edit` },
  { name: '登记出生', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/children/new` },
  { name: '登记出生（有错误）', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/children/new`, prepare: (page, s) => submitEmpty(page, `form[action="/women/${r(s).womanA}/children"]`) },
  { name: '修改子女信息', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/children/${r(s).childA}/edit` },
  { name: '登记孕情', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/pregnancies/new` },
  { name: '登记妊娠结局', as: 'clerkA', path: (s) => `/women/${r(s).pregnantA}/pregnancies/${r(s).pregA}/close` },
  { name: '登记避孕措施', as: 'clerkA', path: (s) => `/women/${r(s).pregnantA}/contraception/new` },
  { name: '结束避孕措施', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/contraception/${r(s).episodeA}/end` },
  { name: '登记证件', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/certificates/new` },
  { name: '注销证件', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/certificates/${r(s).certA}/revoke` },
  { name: '迁移', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/transfer` },
  { name: '出队', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/exit` },
  { name: '重新激活', as: 'clerkA', path: (s) => `/women/${r(s).exitedA}/reactivate` },
  { name: '迁移管理（待接收）', as: 'clerkB', path: '/transfers' },
  { name: '申请迁入', as: 'clerkA', path: '/transfers/request' },
  { name: '数据质量', as: 'clerkA', path: '/rosters/exceptions' },
  { name: '数据质量（县）', as: 'countySup', path: '/rosters/exceptions' },

  // Services, follow-ups, double checks, rosters, work orders.
  { name: '技术服务列表', as: 'clerkA', path: '/services' },
  { name: '登记技术服务', as: 'clerkA', path: (s) => `/women/${r(s).pregnantA}/services/new` },
  { name: '登记技术服务（有错误）', as: 'clerkA', path: (s) => `/women/${r(s).pregnantA}/services/new`, prepare: (page, s) => submitEmpty(page, `form[action="/women/${r(s).pregnantA}/services"]`) },
  { name: '随访', as: 'clerkA', path: '/follow-ups?status=all' },
  { name: '随访登记', as: 'clerkA', path: (s) => `/follow-ups/${r(s).followUpA}` },
  { name: '双查', as: 'clerkA', path: '/check-rounds' },
  { name: '双查（县）', as: 'countySup', path: '/check-rounds' },
  { name: '双查名单', as: 'clerkA', path: (s) => `/check-rounds/${r(s).roundA}` },
  { name: '双查结果登记', as: 'clerkA', path: (s) => `/check-rounds/${r(s).roundA}/results/new?woman=${r(s).womanA}` },
  { name: '应措花名册', as: 'clerkA', path: '/rosters/should-adopt' },
  { name: '双查花名册', as: 'clerkA', path: '/rosters/double-check' },
  { name: '随访花名册', as: 'clerkA', path: '/rosters/follow-ups' },
  { name: '到期取环花名册', as: 'supA', path: '/rosters/removals' },
  { name: '服务信息单（选村）', as: 'clerkA', path: '/work-orders' },
  { name: '服务信息单', as: 'clerkA', path: (s) => `/work-orders?village=${s.world.villageA1.code}` },

  // Population and reports.
  { name: '人口数据', as: 'clerkA', path: '/population' },
  {
    name: '人口数据（有错误）',
    as: 'clerkA',
    path: '/population',
    prepare: async (page, s) => {
      await page.fill(`#f-population_end-${s.world.villageA1.code}`, '一千');
      await submitEmpty(page, 'form[method="post"][action="/population"]');
    },
  },
  { name: '人口数据（县）', as: 'countySup', path: '/population' },
  { name: '月报（乡镇）', as: 'supA', path: (s) => `/reports/monthly?month=${s.month}` },
  { name: '月报（县）', as: 'countySup', path: (s) => `/reports/monthly?month=${s.month}` },
  { name: '任意时段汇总', as: 'clerkA', path: (s) => `/reports/summary?${since(s)}` },
  { name: '国人口统1表', as: 'countySup', path: '/reports/table1' },
  { name: '国人口统2表', as: 'countySup', path: '/reports/table2?half=1' },
  { name: '数据校验（乡镇）', as: 'supA', path: (s) => `/reports/validation?month=${s.month}` },
  { name: '数据校验（县）', as: 'countySup', path: (s) => `/reports/validation?month=${s.month}` },
  { name: '校验规则设置', as: 'admin', path: '/reports/validation/rules' },
  { name: '数据校验名单', as: 'clerkA', path: (s) => `/reports/validation/people?rule=births_without_pregnancy&village=${s.world.villageA1.code}&month=${s.month}` },
  { name: '名单（下钻）', as: 'clerkA', path: (s) => `/reports/people?figure=iud_insertions&${since(s)}` },
  { name: '并发症统计（县）', as: 'countySup', path: (s) => `/reports/complications?${since(s)}` },
  { name: '并发症统计（乡镇）', as: 'supA', path: '/reports/complications' },
  { name: '并发症名单', as: 'countySup', path: (s) => `/reports/complications/people?${since(s)}` },
  { name: '长效节育措施落实规则', as: 'countySup', path: '/reports/long-acting-rules' },
  { name: '长效节育措施落实规则（录入员）', as: 'clerkA', path: '/reports/long-acting-rules' },
  { name: '长效节育措施落实规则（有错误）', as: 'admin', path: '/reports/long-acting-rules', prepare: (page) => submitEmpty(page, 'form[action="/reports/long-acting-rules"]') },

  // 考核 (targets, the board, the score sheet, the self-check report) and the records some indicators need.
  { name: '考核看板（县）', as: 'countySup', path: '/targets' },
  { name: '考核看板（乡镇）', as: 'clerkA', path: '/targets' },
  { name: '考核评分表', as: 'countySup', path: (s) => `/targets/score-sheet?region=${s.world.townshipA.code}` },
  { name: '自查报告', as: 'countySup', path: '/targets/self-check' },
  { name: '考核目标', as: 'admin', path: '/targets/settings' },
  { name: '考核指标', as: 'clerkA', path: '/targets/indicators' },
  { name: '免费药具发放', as: 'clerkA', path: '/supplies' },
  { name: '登记免费药具发放', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/supplies` },
  { name: '孕前优生目标人群', as: 'clerkA', path: '/preconception' },
  { name: '登记计划怀孕', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/pregnancy-plans` },
  { name: '登记孕前优生检查', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/preconception-checks` },

  // Subsidies.
  { name: '补助申请列表', as: 'clerkA', path: '/subsidies/applications?sort=name&dir=asc' },
  { name: '新建补助申请（查找）', as: 'clerkA', path: '/subsidies/applications/new?q=孙' },
  { name: '新建补助申请', as: 'clerkA', path: (s) => `/subsidies/applications/new?woman=${r(s).elderA}` },
  { name: '补助申请（待乡镇审核）', as: 'supA', path: (s) => `/subsidies/applications/${r(s).appSubmittedA}` },
  { name: '补助申请（已批准，县）', as: 'countySup', path: (s) => `/subsidies/applications/${r(s).appApproved}` },
  { name: '修改补助申请', as: 'clerkA', path: (s) => `/subsidies/applications/${r(s).appDraftA}/edit` },
  { name: '年度名册', as: 'clerkA', path: '/subsidies/roster' },
  { name: '资格核查', as: 'countySup', path: '/subsidies/audit' },
  { name: '补助项目', as: 'admin', path: '/subsidies/programs' },
  { name: '补助项目设置', as: 'admin', path: '/subsidies/programs/reward_assistance' },
  { name: '资金发放', as: 'countySup', path: '/subsidies/payments' },
  { name: '发放批次', as: 'countySup', path: (s) => `/subsidies/payments/${r(s).batch}` },

  // Print views (A4, no navigation).
  { name: '打印：数据质量', as: 'clerkA', path: '/rosters/exceptions?print=1' },
  { name: '打印：随访', as: 'clerkA', path: '/follow-ups?status=all&print=1' },
  { name: '打印：双查名单', as: 'clerkA', path: (s) => `/check-rounds/${r(s).roundA}?print=1` },
  { name: '打印：应措花名册', as: 'clerkA', path: '/rosters/should-adopt?print=1' },
  { name: '打印：双查花名册', as: 'clerkA', path: '/rosters/double-check?print=1' },
  { name: '打印：随访花名册', as: 'clerkA', path: '/rosters/follow-ups?print=1' },
  { name: '打印：到期取环花名册', as: 'clerkA', path: '/rosters/removals?print=1' },
  { name: '打印：服务信息单', as: 'clerkA', path: (s) => `/work-orders?village=${s.world.villageA1.code}&print=1` },
  { name: '打印：月报', as: 'countySup', path: (s) => `/reports/monthly?month=${s.month}&print=1` },
  { name: '打印：国人口统1表', as: 'countySup', path: '/reports/table1?print=1' },
  { name: '打印：并发症统计', as: 'countySup', path: (s) => `/reports/complications?${since(s)}&print=1` },
  { name: '打印：年度名册（公示）', as: 'clerkA', path: '/subsidies/roster?print=1' },
  { name: '打印：考核评分表', as: 'countySup', path: (s) => `/targets/score-sheet?region=${s.world.townshipA.code}&print=1` },
  { name: '打印：自查报告', as: 'countySup', path: '/targets/self-check?print=1' },
  { name: '计划生育特殊家庭', as: 'countySup', path: '/special-families' },
  { name: '特殊家庭关怀待办', as: 'clerkA', path: '/special-families?status=due' },
  { name: '特殊家庭建档建议', as: 'clerkA', path: '/special-families/proposals' },

  // Certificate applications (issue 17 §1).
  { name: '证件申请列表', as: 'clerkA', path: '/applications' },
  { name: '超期未办结的证件申请', as: 'supA', path: '/applications?status=overdue' },
  { name: '申请证件', as: 'clerkA', path: (s) => `/women/${r(s).womanA}/applications/new` },
  { name: '婚育证明核查', as: 'clerkA', path: '/floating/certificates' },
  { name: '流动人口定期核查', as: 'clerkA', path: '/floating/verifications?status=all' },
  { name: '流动人口协查', as: 'clerkA', path: '/floating/queries?box=sent&state=all' },
  { name: '发出协查', as: 'clerkA', path: '/floating/queries/new' },
  { name: '跨县协查交换', as: 'countySup', path: '/floating/exchange' },
  { name: '出生信息比对', as: 'countySup', path: '/outside-births' },
  { name: '院外出生名单', as: 'clerkA', path: '/outside-births/lists' },
  { name: '漏报核查', as: 'clerkA', path: '/outside-births/missing' },
  { name: '打印：漏报核查表', as: 'clerkA', path: '/outside-births/missing?print=1' },
  { name: '随访规则', as: 'admin', path: '/admin/follow-up-schedules' },
  { name: '本村（村计生专干）', as: 'villageA1', path: '/village' },
  { name: '村级上报', as: 'villageA1', path: '/village/reports' },
  { name: '上报新情况', as: 'villageA1', path: '/village/reports/new' },
  { name: '村级上报待确认', as: 'clerkA', path: '/confirm-queue' },
  { name: '接口客户端', as: 'admin', path: '/admin/api-clients' },
  { name: '新增接口客户端', as: 'admin', path: '/admin/api-clients/new' },
  { name: '新增接口客户端（有错误）', as: 'admin', path: '/admin/api-clients/new', prepare: (page) => submitEmpty(page, 'form[action="/admin/api-clients"]') },
  { name: '接口说明', as: 'admin', path: '/api/docs' },
  { name: '县级月报上报情况', as: 'countySup', path: '/reports/county-months' },
  { name: '指标库核对', as: 'countySup', path: '/admin/figure-check' },
];
