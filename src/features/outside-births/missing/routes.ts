/**
 * The 漏报 work list (issue 16 §3):
 *   GET  /outside-births/missing?village=&page=      open items in scope, by village (&print=1 the village sheets)
 *   GET  /outside-births/missing.csv?village=        the same as a file (ID numbers masked)
 *   POST /outside-births/missing/:id/explain         explanation → the item closes (audited)
 *   POST /outside-births/missing/match               re-match every confirmed row in scope
 */
import { Router, type Request } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { BIRTH_MATCH, OUTSIDE_BIRTH_SOURCE, SEX, label } from '../../../domain/codes.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { CSV_BOM, csvLines } from '../../../files/csv.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { fetchPage, guard, idParam, todayOf } from '../../../http/route-kit.ts';
import { parseForm, parseQuery } from '../../../parse.ts';
import { assertFilterInScope, villageOptions } from '../../regions/service.ts';
import type { FeatureContext } from '../../feature.ts';
import { rematchInScope } from '../matches/service.ts';
import { ExplainForm, MissingQuery } from './schemas.ts';
import { explainItem, missingItems, type MissingRow } from './service.ts';

const HEADERS = ['村(社区)', '母亲姓名', '母亲身份证号', '子女姓名', '性别', '出生日期', '医院/派出所', '出生医学证明编号', '比对结果', '名单'];
const csvRow = (r: MissingRow) => [
  r.region_name,
  r.mother_name,
  maskIdNumber(r.mother_id_number),
  r.child_name,
  label(SEX, r.sex),
  r.birth_date,
  r.facility,
  r.certificate_no,
  label(BIRTH_MATCH, r.match_status),
  `${r.list_name}（${label(OUTSIDE_BIRTH_SOURCE, r.source_kind)}）`,
];

/** Items grouped by the region they are placed in (the village sheets). */
function byRegion(rows: MissingRow[]) {
  const groups: { code: string; name: string; rows: MissingRow[] }[] = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last && last.code === r.region_code) last.rows.push(r);
    else groups.push({ code: r.region_code, name: r.region_name, rows: [r] });
  }
  return groups;
}

export function missingRoutes(ctx: FeatureContext): Router {
  const router = Router();
  const db = ctx.db;

  const page = async (req: Request) => {
    const f = parseQuery(MissingQuery, req.query);
    const actor = actorOf(req);
    if (f.village) await assertFilterInScope(db, actor.scope, f.village, 'village');
    const result = await fetchPage(f.page, (w) => missingItems(db, actor, f.village, w));
    return { ...result, groups: byRegion(result.rows), filters: { village: f.village ?? '' }, villages: await villageOptions(db, actor.scope, true), canExplain: true };
  };

  router.get('/outside-births/missing', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(MissingQuery, req.query);
    if (f.print) {
      const actor = actorOf(req);
      if (f.village) await assertFilterInScope(db, actor.scope, f.village, 'village');
      const { rows } = await missingItems(db, actor, f.village, { limit: null, offset: 0 });
      return res.render('outside-births/missing-print', { layout: 'print', landscape: true, groups: byRegion(rows), today: todayOf(ctx), unitName: actor.regionName });
    }
    res.render('outside-births/missing', await page(req));
  });

  router.get('/outside-births/missing.csv', ...guard('cards.read'), async (req, res) => {
    const f = parseQuery(MissingQuery, req.query);
    const actor = actorOf(req);
    if (f.village) await assertFilterInScope(db, actor.scope, f.village, 'village');
    const { rows } = await missingItems(db, actor, f.village, { limit: null, offset: 0 });
    res.attachment(`漏报名单-${todayOf(ctx)}.csv`);
    res.type('text/csv; charset=utf-8').send(`${CSV_BOM}${csvLines([HEADERS, ...rows.map(csvRow)])}`);
  });

  router.post('/outside-births/missing/match', ...guard('outside_births.import'), async (req, res) => {
    const t = await rematchInScope(db, actorOf(req), ctx.now());
    flash(req, 'success', `已重新比对：一致 ${t.matched} 条，信息不一致 ${t.differs} 条，未登记出生 ${t.not_recorded} 条，母亲不在册 ${t.unknown_mother} 条`);
    res.redirect(303, '/outside-births/missing');
  });

  router.post('/outside-births/missing/:id/explain', ...guard('cards.write'), formPage('outside-births/missing', page), async (req, res) => {
    const id = idParam(req, 'id', '未找到该漏报项（可能已关闭），或您无权查看。');
    const form = parseForm(ExplainForm, req.body);
    const item = await explainItem(db, actorOf(req), id, form, ctx.now());
    flash(req, 'success', `已记录 ${item.mother_name} 的漏报说明，该项已关闭`);
    res.redirect(303, '/outside-births/missing');
  });

  return router;
}
