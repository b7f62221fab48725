/**
 * Events on a card, each with a small form page (so a refused save re-renders with the values kept):
 *   GET|POST /women/:id/children(/new) · GET /women/:id/children/:cid/edit · POST /women/:id/children/:cid
 *   GET|POST /women/:id/pregnancies(/new) · GET|POST /women/:id/pregnancies/:pid/close
 *   (a birth and a pregnancy come with their 产后 / 怀孕 follow-ups: the services feature's withEventFollowUps)
 *   GET|POST /women/:id/contraception(/new) · GET|POST /women/:id/contraception/:eid/end
 *   GET|POST /women/:id/certificates(/new) · GET|POST /women/:id/certificates/:cid/revoke
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { flash } from '../../../http/flash.ts';
import { NotFoundError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import type { AppContext } from '../../../context.ts';
import { issueCertificateParsed, revokeCertificateParsed } from '../certificates/service.ts';
import { addChildParsed, listBirthPolicies, updateChildParsed } from '../children/service.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { kit } from '../cards/card-form.ts';
import type { CardRow } from '../cards/rows.ts';
import { ChildForm, ChildUpdateForm, EpisodeCloseForm, EpisodeOpenForm, PregnancyCloseForm, PregnancyOpenForm, RevokeForm, CertificateForm } from './schemas.ts';
import { cardDataOf } from '../snapshot/service.ts';
import { withEventFollowUps } from '../../services/service.ts';
import { closeEpisodeParsed, closePregnancyParsed, openEpisodeParsed, openPregnancyParsed } from './service.ts';

export function mountEventRoutes(router: Router, ctx: AppContext) {
  const { db, opts, today, cardForm } = kit(ctx);
  const write = guard('cards.write');
  const dataOf = (card: CardRow) => cardDataOf(db, card);
  const back = (id: number, anchor: string) => `/women/${id}#${anchor}`;

  // Children (a birth: closes the ongoing pregnancy when the birth follows it).
  const childNew = cardForm('women/child-form', async (req, card) => ({
    data: await dataOf(card),
    policies: await listBirthPolicies(db),
    child: null,
    values: { birth_date: typeof req.query.birth_date === 'string' ? req.query.birth_date : '', vital_status: 'living' },
  }));
  router.get('/women/:id/children/new', ...write, childNew.page, childNew.show);
  router.post('/women/:id/children', ...write, childNew.page, async (req, res) => {
    const id = idParam(req);
    const actor = actorOf(req);
    const v = parseForm(ChildForm, req.body);
    const r = await withEventFollowUps(db, actor, id, today(), (trx) => addChildParsed(trx, actor, id, v, opts()));
    const c = r.children[0];
    flash(req, 'success', `已登记第${c.birth_order}孩${c.name ? ` ${c.name}` : ''}（${c.birth_date}）${r.pregnancy && r.pregnancy.outcome === 'live_birth' ? '，孕情已以活产结束' : ''}`);
    if (r.gloryCertificate) flash(req, 'error', `她已有两个及以上健在子女，请注销独生子女父母光荣证（${r.gloryCertificate.number}）`);
    res.redirect(303, r.gloryCertificate ? `/women/${id}/certificates/${r.gloryCertificate.id}/revoke` : back(id, 'children'));
  });
  const childEdit = cardForm('women/child-form', async (req, card) => {
    const data = await dataOf(card);
    const child = data.children.find((c) => c.id === idParam(req, 'cid'));
    if (!child) throw new NotFoundError('未找到该子女记录。');
    const values = Object.fromEntries(Object.entries(child).map(([k, v]) => [k, v == null ? '' : String(v)]));
    return { data, policies: await listBirthPolicies(db), child, values };
  });
  router.get('/women/:id/children/:cid/edit', ...write, childEdit.page, childEdit.show);
  router.post('/women/:id/children/:cid', ...write, childEdit.page, async (req, res) => {
    const id = idParam(req);
    const c = await updateChildParsed(db, actorOf(req), id, idParam(req, 'cid'), parseForm(ChildUpdateForm, req.body), opts());
    flash(req, 'success', `已保存第${c.birth_order}孩${c.name ? ` ${c.name}` : ''}的信息`);
    res.redirect(303, back(id, 'children'));
  });

  // Pregnancies.
  const pregNew = cardForm('women/pregnancy-form', async (_req, card) => ({ data: await dataOf(card), values: { found_on: today() } }));
  router.get('/women/:id/pregnancies/new', ...write, pregNew.page, pregNew.show);
  router.post('/women/:id/pregnancies', ...write, pregNew.page, async (req, res) => {
    const id = idParam(req);
    const actor = actorOf(req);
    const v = parseForm(PregnancyOpenForm, req.body);
    const p = await withEventFollowUps(db, actor, id, today(), (trx) => openPregnancyParsed(trx, actor, id, v, opts()));
    flash(req, 'success', `已登记孕情（${p.found_on} 发现）${p.contraceptive_failure ? '，原措施已以“避孕失败”结束' : ''}`);
    res.redirect(303, back(id, 'pregnancies'));
  });
  const pregClose = cardForm('women/pregnancy-close', async (req, card) => {
    const p = (await dataOf(card)).pregnancies.find((x) => x.id === idParam(req, 'pid') && x.outcome === 'ongoing');
    if (!p) throw new NotFoundError('未找到妊娠中的该孕情。');
    return { pregnancy: p, values: { outcome_date: today() } };
  });
  router.get('/women/:id/pregnancies/:pid/close', ...write, pregClose.page, pregClose.show);
  router.post('/women/:id/pregnancies/:pid/close', ...write, pregClose.page, async (req, res) => {
    const id = idParam(req);
    const input = parseForm(PregnancyCloseForm, req.body);
    if (input.outcome === 'live_birth') return res.redirect(303, `/women/${id}/children/new?birth_date=${encodeURIComponent(input.outcome_date)}`);
    await closePregnancyParsed(db, actorOf(req), id, { ...input, pregnancy_id: idParam(req, 'pid') }, opts());
    flash(req, 'success', '已登记妊娠结局');
    res.redirect(303, back(id, 'pregnancies'));
  });

  // Contraception episodes.
  const epNew = cardForm('women/episode-form', async (_req, card) => ({ data: await dataOf(card), values: { started_on: today() } }));
  router.get('/women/:id/contraception/new', ...write, epNew.page, epNew.show);
  router.post('/women/:id/contraception', ...write, epNew.page, async (req, res) => {
    const id = idParam(req);
    await openEpisodeParsed(db, actorOf(req), id, parseForm(EpisodeOpenForm, req.body), opts());
    flash(req, 'success', '已登记避孕措施');
    res.redirect(303, back(id, 'contraception'));
  });
  const epEnd = cardForm('women/episode-end', async (req, card) => {
    const e = (await dataOf(card)).episodes.find((x) => x.id === idParam(req, 'eid') && !x.ended_on);
    if (!e) throw new NotFoundError('未找到在用的该措施。');
    return { episode: e, values: { ended_on: today() } };
  });
  router.get('/women/:id/contraception/:eid/end', ...write, epEnd.page, epEnd.show);
  router.post('/women/:id/contraception/:eid/end', ...write, epEnd.page, async (req, res) => {
    const id = idParam(req);
    await closeEpisodeParsed(db, actorOf(req), id, { ...parseForm(EpisodeCloseForm, req.body), episode_id: idParam(req, 'eid') }, opts());
    flash(req, 'success', '已结束该避孕措施');
    res.redirect(303, back(id, 'contraception'));
  });

  // Certificates.
  const certNew = cardForm('women/certificate-form', async () => ({ values: { issued_on: today() } }));
  router.get('/women/:id/certificates/new', ...write, certNew.page, certNew.show);
  router.post('/women/:id/certificates', ...write, certNew.page, async (req, res) => {
    const id = idParam(req);
    await issueCertificateParsed(db, actorOf(req), id, parseForm(CertificateForm, req.body), opts());
    flash(req, 'success', '已登记证件');
    res.redirect(303, back(id, 'certificates'));
  });
  const certRevoke = cardForm('women/certificate-revoke', async (req, card) => {
    const c = (await dataOf(card)).certificates.find((x) => x.id === idParam(req, 'cid') && !x.revoked_on);
    if (!c) throw new NotFoundError('未找到有效的该证件。');
    return { certificate: c, values: { revoked_on: today(), revoke_reason: c.kind === 'only_child_glory' ? '再生育子女' : '' } };
  });
  router.get('/women/:id/certificates/:cid/revoke', ...write, certRevoke.page, certRevoke.show);
  router.post('/women/:id/certificates/:cid/revoke', ...write, certRevoke.page, async (req, res) => {
    const id = idParam(req);
    await revokeCertificateParsed(db, actorOf(req), id, idParam(req, 'cid'), parseForm(RevokeForm, req.body), opts());
    flash(req, 'success', '已注销该证件');
    res.redirect(303, back(id, 'certificates'));
  });
}
