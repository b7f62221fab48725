/**
 * Which report sources are additive (issue 19 §2): a source is additive when its figure for [from, to] equals the
 * sum of its figures for the single days of the range — the rows of a range are the union of the rows of its days
 * and no row's flags depend on the range. The additive sources whose rows belong to one woman and change only with
 * her records are kept in the figure store (figure_counts, src/features/reports/store); the others are computed
 * live from their SQL. test/db/reports/source-additivity.test.ts proves the additive ones with random histories.
 */
import type { SourceName } from './source-types.ts';

export interface Additivity {
  /** figure(range) == Σ figure(day) for every range. */
  additive: boolean;
  /** Kept in figure_counts (additive, and every row changes only through a write to that woman's records). */
  stored: boolean;
  reason: string;
}

const stored = (reason: string): Additivity => ({ additive: true, stored: true, reason });
const liveAdditive = (reason: string): Additivity => ({ additive: true, stored: false, reason });
const notAdditive = (reason: string): Additivity => ({ additive: false, stored: false, reason });

export const SOURCE_ADDITIVITY: Readonly<Record<SourceName, Additivity>> = {
  births: stored('one row per child on its birth date; flags read the child row only'),
  births_previous: notAdditive('keeps births dated before the start of the period: the row set depends on the period start'),
  pregnancies: stored('one row per pregnancy on the date it was found'),
  procedures: stored('one row per procedure on its date; 一孩上环 counts children born before that date, not before the period end'),
  certificates: stored('one row per 光荣证 on its issue date'),
  marriages: stored('one row per first marriage on its date, in the village she lived in on that date'),
  migration: stored('one row per 流入/流出 event on its date, in the village she lived in on that date'),
  follow_ups: notAdditive('done compares the done date with the period end: a follow-up due in March and done in April is done for Q1, not for March'),
  long_acting: stored('one row per delivery on its deadline (the rule in force on the birth date); done reads the episodes up to the deadline, not the period'),
  satisfaction: stored('one row per satisfaction answer on the visit date'),
  stock: notAdditive(
    "women on the register at the period end (a state, not events); kept as each woman's dated changes (figure_stock_changes), summed up to the day; free_supply_users (supplied during the period) a calendar month's on her month ends, a longer period's from the supplied women's changes",
  ),
  late: stored('one row per record on the day it was entered; an acceptance, return or unlock of its month touches the women whose records it re-judges'),
  preconception: notAdditive(
    "target couples at the period end, with checks up to the end; a calendar month's kept as each woman's changes on her month ends (figure_stock_changes, MONTH_STOCK_KEYS), a longer period ending on a month end read as that month's plus the couples whose plans ended before it (preconceptionBeyondMonthSource)",
  ),
  preconception_checks: stored('one row per check on its date'),
  check_rounds: stored('one row per due woman on the round close date; flags read her result only'),
  record_quality: stored('one row per record on the day it was entered; judged against her card, her earlier records and the month acceptance (which touches her)'),
  eligibility_reviews: notAdditive('the latest review within the period per application: a longer period drops earlier reviews'),
  special_families: notAdditive("couples eligible at the period end (a state); kept as each woman's dated changes (figure_stock_changes), summed up to the day"),
  special_family_care: notAdditive(
    "files open at the period end, schedule met over the period; a calendar month's kept as each woman's changes on her month ends (figure_stock_changes, MONTH_STOCK_KEYS)",
  ),
  floating_queries: stored('one row per 协查 query on its due date; on time compares answer and due date only'),
  outside_births: liveAdditive('rows by birth date, but rows of unknown mothers belong to no woman and a list counts only once confirmed'),
  birth_timeliness: stored('one row per child on its birth date; timely compares entry and birth date only'),
};

export const STORED_SOURCES: readonly SourceName[] = (Object.keys(SOURCE_ADDITIVITY) as SourceName[]).filter((s) => SOURCE_ADDITIVITY[s].stored);
