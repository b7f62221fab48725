/**
 * The column layouts of the report views, in the official column order (peer-systems §3.4 and §3.6): the
 * township monthly report (计划生育月报表), 国人口统1表 年度人口与出生情况 and 国人口统2表 年度节育情况. Pure
 * data: the HTML table, the print view, CSV and XLSX all read the same layout, so they cannot disagree.
 * A group with one column whose label equals the group's is a single column spanning both header rows.
 */
import type { FigureKey } from '../../../domain/indicators.ts';

export interface LayoutColumn {
  key: FigureKey;
  label: string;
}

export interface LayoutGroup {
  label: string;
  columns: LayoutColumn[];
}

export interface LayoutPart {
  title: string;
  groups: LayoutGroup[];
}

export type LayoutKey = 'monthly' | 'summary' | 'table1' | 'table2';

/** The header block of an official form (表号, 制定机关, 批准机关, 批准文号, 有效期至), printed top right. */
export interface OfficialHeader {
  maker: string;
  approver: string;
  approvalNo: string;
  validUntil: string;
}

export interface ReportLayout {
  key: LayoutKey;
  /** Table number in the print header (表号). */
  tableNo: string;
  heading: string;
  unit: string;
  /** Official forms number their columns (甲, 1, 2, …) under the header. */
  numbered: boolean;
  parts: LayoutPart[];
  official?: OfficialHeader;
  /** Notes printed under the table (what a column includes, how it differs from a similar one elsewhere). */
  notes?: string[];
}

/**
 * 《人口和计划生育统计报表》国统制[2008]78号 (peer-systems §3.6). The stored sources name the approving document
 * but not its expiry date, so 有效期至 points to the document instead of inventing a date.
 */
const NATIONAL_2008: OfficialHeader = { maker: '国家人口和计划生育委员会', approver: '国家统计局', approvalNo: '国统制〔2008〕78号', validUntil: '见批准文件' };

const single = (key: FigureKey, label: string): LayoutGroup => ({ label, columns: [{ key, label }] });
const group = (label: string, columns: [FigureKey, string][]): LayoutGroup => ({ label, columns: columns.map(([key, l]) => ({ key, label: l })) });

const MONTHLY_PARTS: LayoutPart[] = [
  {
    title: '人口与出生',
    groups: [
      group('出生人数', [
        ['births', '合计'],
        ['births_first', '一孩'],
        ['births_second', '二孩'],
        ['births_third_plus', '三孩及以上'],
        ['births_compliant', '符合政策'],
        ['births_male', '男'],
        ['births_female', '女'],
      ]),
      single('compliance_rate', '符合政策生育率'),
      single('sex_ratio', '出生人口性别比'),
      group('人口', [
        ['population_end', '期末总人口'],
        ['population', '平均人口'],
        ['deaths', '死亡人数'],
      ]),
      // A month's rate is the month's births over the average population, not annualised: it is about a twelfth
      // of the year's rate, so the header says so beside the annual targets (e.g. 出生率 ≤ 12‰).
      group('人口变动（报告期，未年化）', [
        ['birth_rate', '出生率'],
        ['natural_growth_rate', '自然增长率'],
      ]),
      single('pregnancies_new', '新增孕情'),
      group('独生子女证', [
        ['certificates_issued', '本期领证'],
        ['certificate_rate', '领证率'],
      ]),
      group('女性初婚', [
        ['first_marriages', '合计'],
        ['first_marriages_late', '其中23岁及以上'],
      ]),
      group('流动人口', [
        ['inflow', '流入'],
        ['outflow', '流出'],
      ]),
      single('late_reports', '补报'),
    ],
  },
  {
    title: '节育手术与避孕节育',
    groups: [
      group('计划生育手术（例）', [
        ['procedures', '合计'],
        ['male_sterilizations', '男扎'],
        ['female_sterilizations', '女扎'],
        ['iud_insertions', '上环'],
        ['iud_insertions_after_first_child', '其中一孩上环'],
        ['iud_removals', '取环'],
        ['implant_insertions', '皮埋'],
        ['implant_removals', '取皮埋'],
        ['surgical_abortions', '人流'],
        ['medical_abortions', '药流'],
        ['induced_labours', '引产'],
      ]),
      single('married_wra', '已婚育龄妇女'),
      group('已采取避孕节育措施人数', [
        ['contraceptive_users', '合计'],
        ['users_male_sterilization', '男扎'],
        ['users_female_sterilization', '女扎'],
        ['users_iud', '上环'],
        ['users_implant', '皮埋'],
        ['users_pill_or_injection', '口服及注射'],
        ['users_condom', '避孕套'],
        ['users_topical', '外用药'],
        ['users_other', '其它'],
      ]),
      single('no_method', '未避孕'),
      group('节育率', [
        ['contraceptive_rate', '综合避孕率'],
        ['long_acting_rate', '长效措施占比'],
      ]),
      group('长效节育措施落实', [
        ['long_acting_due', '应落实'],
        ['long_acting_done', '已落实'],
        ['long_acting_uptake_rate', '落实率'],
      ]),
      group('随访', [
        ['follow_ups_due', '应随访'],
        ['follow_ups_done', '已随访'],
        ['follow_up_rate', '随访率'],
      ]),
    ],
  },
];

export const LAYOUTS: Record<LayoutKey, ReportLayout> = {
  monthly: { key: 'monthly', tableNo: '计生月报表', heading: '计划生育月报表', unit: '人、例', numbered: false, parts: MONTHLY_PARTS },
  summary: { key: 'summary', tableNo: '计生汇总表', heading: '计划生育统计汇总表', unit: '人、例', numbered: false, parts: MONTHLY_PARTS },
  table1: {
    key: 'table1',
    tableNo: '国人口统1表',
    heading: '年度人口与出生情况',
    unit: '人',
    numbered: true,
    official: NATIONAL_2008,
    notes: ['本期出生人数按出生时所在村统计；往年出生未报人数为本期录入、出生在以前统计期、且出生时母亲已在本乡镇登记在册的出生。'],
    parts: [
      {
        title: '人口与出生情况',
        groups: [
          single('population_end', '期末人口总数'),
          single('married_wra', '期末已婚育龄妇女人数'),
          single('certificate_holders', '期末领取独生子女证人数'),
          group('本期出生人数', [
            ['births', '合计'],
            ['births_male', '男'],
            ['births_female', '女'],
          ]),
          single('births_previous_years', '往年出生未报人数'),
          group('一孩出生', [
            ['births_first', '合计'],
            ['births_first_compliant', '其中计划内'],
          ]),
          group('二孩出生', [
            ['births_second', '合计'],
            ['births_second_compliant', '其中计划内'],
          ]),
          group('多孩出生', [
            ['births_third_plus', '合计'],
            ['births_third_plus_compliant', '其中计划内'],
          ]),
        ],
      },
    ],
  },
  table2: {
    key: 'table2',
    tableNo: '国人口统2表',
    heading: '年度节育情况',
    unit: '人、例',
    numbered: true,
    official: NATIONAL_2008,
    notes: ['“人工流产”含药物流产和中期引产（与国家表式一致）。', '手术小计为本表所列六项之和，不含取出皮下埋植；月报的“手术合计”含取出皮下埋植，两者相差取皮埋例数。'],
    parts: [
      {
        title: '节育情况',
        groups: [
          group('选用各种避孕方法人数', [
            ['contraceptive_users', '小计'],
            ['users_male_sterilization', '男性绝育'],
            ['users_female_sterilization', '女性绝育'],
            ['users_iud', '放置宫内节育器'],
            ['users_implant', '皮下埋植'],
            ['users_pill_or_injection', '口服及注射避孕药'],
            ['users_condom', '避孕套'],
            ['users_topical', '外用药'],
            ['users_other', '其它'],
          ]),
          group('本期实行计划生育手术例数', [
            ['table2_procedures', '小计'],
            ['male_sterilizations', '男性绝育'],
            ['female_sterilizations', '女性绝育'],
            ['iud_insertions', '放置宫内节育器'],
            ['iud_removals', '取出宫内节育器'],
            ['table2_abortions', '人工流产'],
            ['implant_insertions', '皮下埋植'],
          ]),
        ],
      },
    ],
  },
};

/** A group spans two header rows when it is a single column of the same name. */
export function isSingle(g: LayoutGroup): boolean {
  return g.columns.length === 1 && g.columns[0].label === g.label;
}

/** The flat column list of a part, with the header text used in CSV ("出生人数·一孩"). */
export function flatColumns(part: LayoutPart): (LayoutColumn & { header: string })[] {
  return part.groups.flatMap((g) => g.columns.map((c) => ({ ...c, header: isSingle(g) ? c.label : `${g.label}·${c.label}` })));
}
