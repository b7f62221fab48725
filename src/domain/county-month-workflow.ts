/**
 * The county's month up the chain (issue 19 §1) as data and pure rules: once the county has accepted every
 * township's month, its supervisor submits the county's month to the region above (the city, or the province
 * where there is no city); that region's supervisor accepts it or returns it with a reason; a returned month is
 * fixed (the county may reopen a township's month) and submitted again. A county at the root has no step above.
 */
import { COUNTY_PERIOD_STATUS, type CountyPeriodStatus, type ReportStatus } from './codes.ts';

export type CountyMonthAction = 'submit' | 'accept' | 'return';

export const COUNTY_MONTH_ACTION: Readonly<Record<CountyMonthAction, string>> = { submit: '上报', accept: '接收', return: '退回' };

export interface CountyMonthRule {
  from: readonly CountyPeriodStatus[];
  to: CountyPeriodStatus;
  /** Who takes it: the county itself, or the region above it. */
  by: 'county' | 'above';
}

/** The whole workflow. */
export const COUNTY_MONTH_TRANSITIONS: Readonly<Record<CountyMonthAction, CountyMonthRule>> = {
  submit: { from: ['not_submitted', 'returned'], to: 'submitted', by: 'county' },
  accept: { from: ['submitted'], to: 'accepted', by: 'above' },
  return: { from: ['submitted'], to: 'returned', by: 'above' },
};

/** Where `action` takes a county month in `status`, or why it cannot (a Chinese message). */
export function countyMonthTransition(status: CountyPeriodStatus, action: CountyMonthAction): { to: CountyPeriodStatus } | { error: string } {
  const rule = COUNTY_MONTH_TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    const allowed = rule.from.map((s) => COUNTY_PERIOD_STATUS[s]).join('或');
    return { error: `该县本月月报${COUNTY_PERIOD_STATUS[status]}，不能${COUNTY_MONTH_ACTION[action]}（只有${allowed}的月报可以）。` };
  }
  return { to: rule.to };
}

/** While the county's month is with the region above (submitted) or accepted there, its township months stay locked. */
export function countyMonthHoldsTownships(status: CountyPeriodStatus): boolean {
  return status === 'submitted' || status === 'accepted';
}

/**
 * What stops a county from submitting a month (empty: nothing): no region above it, or townships whose month the
 * county has not accepted yet.
 */
export function countySubmitProblems(input: { hasParent: boolean; townships: readonly { name: string; status: ReportStatus }[] }): string[] {
  if (!input.hasParent) return ['本县是本系统的最高区划，月报无需向上报送。'];
  const pending = input.townships.filter((t) => t.status !== 'accepted');
  if (input.townships.length === 0) return ['本县还没有乡镇，没有可上报的月报。'];
  return pending.length ? [`以下乡镇本月月报尚未审核通过：${pending.map((t) => t.name).join('、')}。请先审核各乡镇月报。`] : [];
}
