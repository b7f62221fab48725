/**
 * List downloads (DESIGN §12 export):
 *   POST /exports/women                    the card list with its filters (format=csv|xlsx, full_ids, reason)
 *   POST /exports/rosters/:roster          a roster with its filters
 * A filter outside the caller's scope answers 404; full_ids without a reason answers 422 (the export form again).
 * Exports are POST forms: they are audited, and a full-ID export must not be one click on a foreign link.
 */
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { can } from '../../../domain/permissions.ts';
import { NotFoundError } from '../../../errors.ts';
import { formPage } from '../../../http/forms.ts';
import { guard, todayOf } from '../../../http/route-kit.ts';
import { helpers } from '../../../http/view-helpers.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { WomenFilters } from '../../women/service.ts';
import { ExportForm, RosterExportForm } from './schemas.ts';
import { exportRoster, exportWomen, ROSTER_TITLES, type ExportFile } from './service.ts';
import { sendCsv, sendXlsx } from './table-export.ts';

async function send<T>(res: Response, format: string, file: ExportFile<T>) {
  if (format === 'csv') await sendCsv(res, file.name, file.columns, file.batches);
  else await sendXlsx(res, file.name, file.columns, file.batches);
}

// Full ID numbers without a reason: the export form again (422), its filters kept, asking for the reason.
const reasonForm = (back: (req: Request) => string) => formPage('imports/export-reason', (req) => ({ action: req.originalUrl, back: back(req) }));
const listBack = (path: string) => (req: Request) =>
  helpers.url(path, { ...((req.body ?? {}) as Record<string, unknown>), _csrf: undefined, full_ids: undefined, reason: undefined, format: undefined });
const fullIds = (req: Request, form: { full_ids: boolean; reason?: string }) => ({ full: form.full_ids && can(actorOf(req), 'cards.reveal_id'), reason: form.reason });

export function exportRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  router.post('/exports/women', ...guard('cards.read'), reasonForm(listBack('/women')), async (req, res) => {
    const form = parseForm(ExportForm, req.body);
    const filters = parseQuery(WomenFilters, req.body);
    await send(res, form.format, await exportWomen(db, actorOf(req), filters, fullIds(req, form), todayOf(ctx), form.format));
  });

  router.post(
    '/exports/rosters/:roster',
    ...guard('rosters.read'),
    reasonForm((req) => listBack(`/rosters/${String(req.params.roster)}`)(req)),
    async (req, res) => {
      const roster = String(req.params.roster);
      if (!(roster in ROSTER_TITLES)) throw new NotFoundError('没有该花名册。');
      const form = parseForm(RosterExportForm, req.body);
      await send(res, form.format, await exportRoster(db, actorOf(req), roster, form, fullIds(req, form), todayOf(ctx), form.format));
    },
  );

  return router;
}
