/**
 * Follow-up schedules and device lifetimes (admin @ county; issue 16 §1):
 *   GET  /admin/follow-up-schedules                 the entries by level (trigger, service, offset, state) and the forms
 *   POST /admin/follow-up-schedules                 a new entry (trigger, service_kind, months_after, days_after, level,
 *                                                   serious_complication_only, note, reason)
 *   GET  /admin/follow-up-schedules/:id/edit        one entry's form
 *   POST /admin/follow-up-schedules/:id             change it (months_after, days_after, level, active, note, reason)
 *   POST /admin/device-lifetimes                    the years an IUD / implant lasts (iud, implant, reason)
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { FOLLOW_UP_LEVEL, FOLLOW_UP_TRIGGER, SERVICE_KIND, options } from '../../../domain/codes.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { LifetimesForm, ScheduleCreateForm, ScheduleUpdateForm } from './schemas.ts';
import { SCHEDULE_MESSAGES, changeSchedule, createSchedule, getSchedule, schedulesPage, setDeviceLifetimes } from './service.ts';

export function scheduleRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;
  const admin = guard('admin.schedules');
  const choices = { triggers: options(FOLLOW_UP_TRIGGER), levels: options(FOLLOW_UP_LEVEL), kinds: options(SERVICE_KIND) };
  const load = async () => ({ ...(await schedulesPage(db)), ...choices });
  const page = formPage('services/schedules', load);

  router.get('/admin/follow-up-schedules', ...admin, async (_req, res) => {
    const data = await load();
    res.render('services/schedules', { ...data, values: { trigger: 'service', months_after: '1', days_after: '0', level: 'village' }, lifetimeValues: data.lifetimes });
  });

  router.post('/admin/follow-up-schedules', ...admin, page, async (req, res) => {
    await createSchedule(db, actorOf(req), parseForm(ScheduleCreateForm, req.body));
    flash(req, 'success', '已新增随访规则；此后登记的服务或事件按新规则生成随访');
    res.redirect(303, '/admin/follow-up-schedules');
  });

  // The lifetimes form re-renders the same page: its values and errors under their own names.
  const lifetimesPage = formPage('services/schedules', async (req: Request) => ({ ...(await load()), lifetimeValues: req.body as unknown, lifetimesFailed: true }));
  router.post('/admin/device-lifetimes', ...admin, lifetimesPage, async (req, res) => {
    await setDeviceLifetimes(db, actorOf(req), parseForm(LifetimesForm, req.body));
    flash(req, 'success', '已保存节育器具有效年限；此后登记的放置按新年限计算到期日期，已登记的不变');
    res.redirect(303, '/admin/follow-up-schedules#lifetimes');
  });

  const loadOne = async (req: Request) => ({ schedule: await getSchedule(db, idParam(req, 'id', SCHEDULE_MESSAGES.notFound)), ...choices });
  const editPage = formPage('services/schedule-edit', loadOne);
  router.get('/admin/follow-up-schedules/:id/edit', ...admin, editPage, async (req, res) => {
    const data = await loadOne(req);
    const s = data.schedule;
    res.render('services/schedule-edit', { ...data, values: { months_after: String(s.months_after), days_after: String(s.days_after), level: s.level, active: s.active, note: s.note ?? '' } });
  });

  router.post('/admin/follow-up-schedules/:id', ...admin, editPage, async (req, res) => {
    const id = idParam(req, 'id', SCHEDULE_MESSAGES.notFound);
    const s = await changeSchedule(db, actorOf(req), id, parseForm(ScheduleUpdateForm, req.body));
    flash(req, 'success', s.active ? '已保存随访规则；已生成的随访日期不变' : '已停用该随访规则；此后不再按它生成随访，已生成的随访保留');
    res.redirect(303, '/admin/follow-up-schedules');
  });

  return router;
}
