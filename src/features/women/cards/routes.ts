/**
 * The card (DESIGN §11):
 *   GET /women/new · POST /women
 *   GET /women/:id · GET /women/:id/edit · POST /women/:id (form carries version; stale → 409)
 *   POST /women/:id/reveal (reason: the full ID number once, audited with the reason; none → 422, the card again)
 */
import type { Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { ETHNICITIES } from '../../../domain/codes.ts';
import { maskIdNumber } from '../../../domain/id-number.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { parseForm } from '../../../parse.ts';
import type { FeatureContext } from '../../feature.ts';
import { villageOptions } from '../../regions/service.ts';
import { withEventFollowUps } from '../../services/service.ts';
import { createCardParsed, DuplicateCardError, formValuesOf, getCard, revealIdNumber, updateCardParsed } from './service.ts';
import { cardPage } from './card-page.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { kit } from './card-form.ts';
import { CARD_FIELD_LABELS, CardForm, CardUpdateForm, RevealForm } from './schemas.ts';

declare module 'express-session' {
  interface SessionData {
    /** The card whose full ID number the user just asked to see (shown once, on the next view). */
    revealCard?: number;
  }
}

export function mountCardRoutes(router: Router, ctx: FeatureContext) {
  const { db, opts, today } = kit(ctx);
  const formOptions = async (req: Parameters<typeof actorOf>[0]) => ({ villages: await villageOptions(db, actorOf(req).scope), ethnicities: ETHNICITIES, today: today() });

  const newForm = formPage('women/new', formOptions);
  router.get('/women/new', ...guard('cards.write'), newForm, async (req, res) => {
    const village = typeof req.query.village === 'string' ? req.query.village : '';
    // ?name= pre-fills a newcomer reported by her village (the confirm queue's 迁入/流入).
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 50) : '';
    res.render('women/new', { ...(await formOptions(req)), values: { ethnicity: '汉族', migrant_status: 'none', hukou_kind: 'agricultural', village, name, registered_on: today() } });
  });

  router.post('/women', ...guard('cards.write'), newForm, async (req, res) => {
    try {
      const created = await createCardParsed(db, actorOf(req), parseForm(CardForm, req.body), opts());
      flash(req, 'success', `已保存 ${created.name} 的信息卡`);
      res.redirect(303, `/women/${created.id}?saved=1`);
    } catch (err) {
      // The form shows where her active card is and, if it is another township's, offers to ask for it.
      if (err instanceof DuplicateCardError) res.locals.duplicate = err.duplicate;
      throw err;
    }
  });

  const showData = async (req: Parameters<typeof actorOf>[0], revealed: boolean) => ({
    ...(await cardPage(db, actorOf(req), idParam(req), today(), ctx.pages)),
    revealed,
    saved: req.query.saved === '1',
    today: today(),
    fieldLabels: CARD_FIELD_LABELS,
  });
  router.get('/women/:id', ...guard('cards.read'), async (req, res) => {
    const id = idParam(req);
    const revealed = req.session.revealCard === id;
    const data = await showData(req, revealed);
    if (revealed) delete req.session.revealCard;
    res.render('women/show', data);
  });

  const editLoad = async (req: Parameters<typeof actorOf>[0]) => {
    const card = await getCard(db, actorOf(req).scope, idParam(req));
    // ID numbers masked (DESIGN §8: full numbers only on the card, when revealed and audited); posted back
    // unchanged they are kept (updateCard), a correction is typed in full.
    const values = { ...formValuesOf(card), id_number: maskIdNumber(card.id_number), spouse_id_number: maskIdNumber(card.spouse_id_number), version: String(card.version) };
    return { card, ...(await formOptions(req)), values };
  };
  const editForm = formPage('women/edit', editLoad);
  router.get('/women/:id/edit', ...guard('cards.write'), editForm, async (req, res) => {
    const data = await editLoad(req);
    if (data.card.status !== 'active') {
      flash(req, 'error', `${data.card.name} 已出队，信息卡只读；如需修改，请先重新激活。`);
      return res.redirect(303, `/women/${data.card.id}`);
    }
    res.render('women/edit', data);
  });

  router.post('/women/:id', ...guard('cards.write'), editForm, async (req, res) => {
    // A marriage entered by this change comes with its 新婚 follow-ups (the services feature).
    const actor = actorOf(req);
    const id = idParam(req);
    const v = parseForm(CardUpdateForm, req.body);
    const updated = await withEventFollowUps(db, actor, id, today(), (trx) => updateCardParsed(trx, actor, id, v, opts()));
    flash(req, 'success', `已保存 ${updated.name} 的信息卡`);
    res.redirect(303, `/women/${updated.id}`);
  });

  // A reveal without a reason re-renders the card (422) with the reveal form open and the message at its field.
  const revealForm = formPage('women/show', async (req) => ({ ...(await showData(req, false)), revealOpen: true }));
  router.post('/women/:id/reveal', ...guard('cards.reveal_id'), revealForm, async (req, res) => {
    const id = idParam(req);
    await revealIdNumber(db, actorOf(req), id, parseForm(RevealForm, req.body));
    req.session.revealCard = id;
    res.redirect(303, `/women/${id}#identity`);
  });
}
