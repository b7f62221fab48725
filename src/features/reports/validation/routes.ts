/**
 * Data validation (数据校验, the aggregate validation rules):
 *   GET  /reports/validation?region=CODE&month=YYYY-MM[&print=1|&format=csv]   findings by rule (county or township in scope)
 *   GET  /reports/validation/people?rule=&village=&month=&page=   the women of one finding, 50 a page
 *   POST /reports/validation/acknowledge   rule, village, month, comment (a warning, with its explanation)
 *   GET  /reports/validation/rules          the rules (county admin)
 *   POST /reports/validation/rules          code, level, active, tolerance/share/min_base, version
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import type { AppContext } from '../../../context.ts';
import { isMonth, monthLabel } from '../../../domain/dates.ts';
import { can } from '../../../domain/permissions.ts';
import { PREGNANCY_NEAR_DAYS, RANGE_HISTORY_MONTHS, RANGE_MIN_HISTORY, RULE_LEVEL_LABEL, paramsOf } from '../../../domain/validation-rules.ts';
import { BadRequestError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, pageInfo } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { defaultMonth } from '../monthly/service.ts';
import { validationCsv } from './export.ts';
import { AcknowledgeForm, PeopleQuery, RuleForm, ValidationQuery } from './schemas.ts';
import { acknowledgeWarning, findingPeople, listRules, updateRuleSettings, validationPage } from './service.ts';

const HELP = { nearDays: PREGNANCY_NEAR_DAYS, rangeMonths: RANGE_HISTORY_MONTHS, rangeMin: RANGE_MIN_HISTORY };

export function validationRoutes(router: Router, ctx: AppContext) {
  const db = ctx.db;

  async function page(req: Request, input: { region?: string; month: string }) {
    const actor = actorOf(req);
    const v = await validationPage(db, actor, input);
    return { v, help: HELP, levelLabel: RULE_LEVEL_LABEL, canAcknowledge: can(actor, 'reports.submit') || can(actor, 'reports.close'), printMode: false };
  }

  router.get('/reports/validation', ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(ValidationQuery, req.query);
    const month = f.month ?? defaultMonth(ctx.now());
    if (!isMonth(month)) throw new BadRequestError('月份格式应为 2026-03');
    const data = await page(req, { region: f.region, month });
    if (f.format === 'csv') {
      res.attachment(`数据校验_${data.v.region.name}_${month}.csv`);
      return res.type('text/csv; charset=utf-8').send(validationCsv(data.v));
    }
    if (f.print) {
      const u = new URL(req.originalUrl, 'http://x');
      u.searchParams.delete('print');
      return res.render('reports/validation', { ...data, printMode: true, layout: 'print', backUrl: `${u.pathname}${u.search}` });
    }
    res.render('reports/validation', data);
  });

  router.get('/reports/validation/people', ...guard('reports.read'), async (req, res) => {
    const f = parseQuery(PeopleQuery, req.query);
    const size = 50;
    const pageNo = Math.max(1, f.page ?? 1);
    const d = await findingPeople(db, actorOf(req), { rule: f.rule, village: f.village, month: f.month, page: { limit: size, offset: (pageNo - 1) * size } });
    res.render('reports/validation-people', { d, pageInfo: pageInfo(d.total, pageNo, size), filters: { rule: f.rule, village: f.village, month: f.month } });
  });

  const ackPage = formPage('reports/validation', async (req) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const month = typeof body.month === 'string' && isMonth(body.month) ? body.month : defaultMonth(ctx.now());
    const region = typeof body.region === 'string' && body.region ? body.region : undefined;
    return page(req, { region, month });
  });

  router.post('/reports/validation/acknowledge', ...guard('reports.submit', 'reports.close'), ackPage, async (req, res) => {
    const f = parseForm(AcknowledgeForm, req.body);
    const actor = actorOf(req);
    await acknowledgeWarning(db, actor, f, ctx.now());
    flash(req, 'success', `已确认${monthLabel(f.month)}的警告`);
    // Back to the page it came from: its region when that holds the place and lies in the scope, else the place's township.
    const region = f.region && f.village.startsWith(f.region) && f.region.startsWith(actor.scope.code) ? f.region : f.village.slice(0, 9);
    res.redirect(303, `/reports/validation?region=${encodeURIComponent(region)}&month=${f.month}`);
  });

  const admin = guard('admin.validation_rules');
  const rulesPage = async () => ({ rules: (await listRules(db)).map((r) => ({ ...r, p: paramsOf(r.params) })), levelLabel: RULE_LEVEL_LABEL });

  router.get('/reports/validation/rules', ...admin, async (_req, res) => {
    res.render('reports/validation-rules', await rulesPage());
  });

  router.post('/reports/validation/rules', ...admin, formPage('reports/validation-rules', rulesPage), async (req, res) => {
    const f = parseForm(RuleForm, req.body);
    const saved = await updateRuleSettings(db, actorOf(req), f.code, f);
    flash(req, 'success', `已保存校验规则“${saved.name}”`);
    res.redirect(303, '/reports/validation/rules');
  });
}
