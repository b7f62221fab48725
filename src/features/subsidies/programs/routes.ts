/**
 * Programs and standards: everyone with subsidies.read sees them; the county admin changes them.
 *   GET  /subsidies/programs · GET /subsidies/programs/:code
 *   POST /subsidies/programs/:code             approval levels, eligibility parameters, evidence, active
 *   POST /subsidies/programs/:code/standards   a new standard with its effective date (history kept)
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { SUBSIDY_PROGRAM, SUBSIDY_TIER, type SubsidyProgram } from '../../../domain/codes.ts';
import { fenToYuan } from '../../../domain/subsidy-money.ts';
import { NotFoundError } from '../../../errors.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { addStandard, programsOverview, updateProgramSettings } from './service.ts';
import { PARAM_FIELDS, StandardForm, programFormSchema, programSettingsFromForm } from './schemas.ts';

export function programRoutes(router: Router, ctx: FeatureContext) {
  const db = ctx.db;
  const read = guard('subsidies.read', 'admin.programs');
  const admin = guard('admin.programs');

  function programCode(req: Request): SubsidyProgram {
    const code = String(req.params.code);
    if (!(code in SUBSIDY_PROGRAM)) throw new NotFoundError('未找到该补助项目。');
    return code as SubsidyProgram;
  }

  async function overview() {
    return { programs: await programsOverview(db, todayOf(ctx)), paramFields: PARAM_FIELDS };
  }

  /** One program's page; formKind says which of its two forms a re-render belongs to. */
  async function programPage(code: SubsidyProgram, formKind?: 'settings' | 'standard') {
    const { programs, paramFields } = await overview();
    return { program: programs.find((p) => p.code === code)!, paramFields, formKind };
  }

  router.get('/subsidies/programs', ...read, async (_req, res) => {
    res.render('subsidies/programs', await overview());
  });

  router.get('/subsidies/programs/:code', ...read, async (req, res) => {
    res.render('subsidies/program', await programPage(programCode(req)));
  });

  const settingsPage = formPage('subsidies/program', async (req) => programPage(programCode(req), 'settings'));
  router.post('/subsidies/programs/:code', ...admin, settingsPage, async (req, res) => {
    const code = programCode(req);
    const input = programSettingsFromForm(code, parseForm(programFormSchema(code), req.body));
    await updateProgramSettings(db, actorOf(req), code, input);
    flash(req, 'success', `已保存 ${SUBSIDY_PROGRAM[code]} 的设置。`);
    res.redirect(303, `/subsidies/programs/${code}`);
  });

  const standardPage = formPage('subsidies/program', async (req) => programPage(programCode(req), 'standard'));
  router.post('/subsidies/programs/:code/standards', ...admin, standardPage, async (req, res) => {
    const code = programCode(req);
    const input = parseForm(StandardForm, req.body);
    await addStandard(db, actorOf(req), code, input);
    flash(req, 'success', `已新增 ${SUBSIDY_PROGRAM[code]} ${SUBSIDY_TIER[input.tier]}：${fenToYuan(input.amount)} 元，自 ${input.effective_from} 起执行。`);
    res.redirect(303, `/subsidies/programs/${code}`);
  });
}
