/**
 * The application page's view model: the record and its live eligibility, and which actions this user may take
 * now (only those the workflow allows at their level), each with its usual opinions.
 */
import type { Knex } from 'knex';
import type { Actor } from '../../../auth/actor.ts';
import type { SubsidyAction } from '../../../domain/codes.ts';
import type { IsoDate } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { maskAccount } from '../../../domain/redact.ts';
import { cannedOpinions, transition, type ApprovalLevel } from '../../../domain/subsidy-workflow.ts';
import { applicationView } from './service.ts';

export interface ActionOffer {
  action: SubsidyAction;
  label: string;
  opinions: string[];
}

const ACTION_LABEL: Partial<Record<SubsidyAction, string>> = { approve: '批准', return: '退回补充材料', reject: '不予批准' };

export async function applicationPage(db: Knex, actor: Actor, id: number, today: IsoDate) {
  const view = await applicationView(db, actor.scope, id);
  const { status } = view.application;
  const levels = view.program.approval_levels;
  const level: ApprovalLevel = actor.level === 'county' ? 'county' : 'township';
  const mayDecide = can(actor, level === 'county' ? 'subsidies.county_approve' : 'subsidies.township_review');
  const allowed = (action: SubsidyAction) => mayDecide && !('error' in transition(status, action, level, levels));
  const actions: ActionOffer[] = (['approve', 'return', 'reject'] as const).filter(allowed).map((action) => ({
    action,
    label: action === 'approve' && level === 'township' && levels.includes('county') ? '同意上报县级' : ACTION_LABEL[action]!,
    opinions: cannedOpinions(view.program.code, action, level, levels),
  }));
  const maySubmit = can(actor, 'subsidies.draft') && (status === 'draft' || status === 'returned');
  return {
    ...view,
    actions,
    mayRevoke: allowed('revoke'),
    revokeOpinions: cannedOpinions(view.program.code, 'revoke', level, levels),
    maySubmit,
    mayEdit: maySubmit,
    mayRevealAccount: can(actor, 'subsidies.reveal_account'),
    /** Last four digits only (DESIGN §8 treats the account like the ID number); the full one on request. */
    maskedAccount: maskAccount(view.application.bank_account),
    today,
  };
}
