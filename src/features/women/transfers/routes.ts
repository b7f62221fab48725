/**
 * Moves between villages and townships:
 *   GET|POST /women/:id/transfer · POST /women/:id/transfer/cancel
 *   GET /transfers (waiting for my township, and sent by it) · POST /transfers/:tid/accept | reject | cancel
 *   GET|POST /transfers/request (ask another township for a woman whose card is active there)
 */
import type { Request, Router } from 'express';
import { actorOf } from '../../../auth/principal.ts';
import { flash } from '../../../http/flash.ts';
import { formPage } from '../../../http/forms.ts';
import { NotFoundError } from '../../../errors.ts';
import { parseForm } from '../../../parse.ts';
import type { AppContext } from '../../../context.ts';
import { villageOptions } from '../../regions/service.ts';
import { guard, idParam } from '../../../http/route-kit.ts';
import { kit } from '../cards/card-form.ts';
import { TransferDecisionForm, TransferForm, TransferRequestForm } from './schemas.ts';
import { acceptTransferParsed, cancelTransfer, moveCardParsed, pendingTransferOf, pendingTransfersFor, rejectTransferParsed, requestTransferParsed } from './service.ts';

export function mountTransferRoutes(router: Router, ctx: AppContext) {
  const { db, opts, today, card, cardForm } = kit(ctx);
  const send = guard('transfers.send');
  /** Every village of the county, own township first: a card may move anywhere in the county. */
  const allVillages = async (req: Request) => {
    const actor = actorOf(req);
    const county = { level: 'county' as const, regionId: 0, code: actor.regionCode.slice(0, 6) };
    const all = await villageOptions(db, county);
    return [...all.filter((v) => v.code.startsWith(actor.regionCode)), ...all.filter((v) => !v.code.startsWith(actor.regionCode))];
  };

  const transferForm = cardForm('women/transfer-form', async (req) => ({ villages: await allVillages(req), values: { moved_on: today() } }));
  router.get('/women/:id/transfer', ...send, transferForm.page, transferForm.show);
  router.post('/women/:id/transfer', ...send, transferForm.page, async (req, res) => {
    const id = idParam(req);
    const r = await moveCardParsed(db, actorOf(req), id, parseForm(TransferForm, req.body), opts());
    flash(req, 'success', r.moved ? `已迁至 ${r.to.name}` : `已发往 ${r.to.township_name} ${r.to.name}，待对方乡镇接收（信息卡显示“迁移中”）`);
    res.redirect(303, `/women/${id}`);
  });
  router.post('/women/:id/transfer/cancel', ...send, async (req, res) => {
    const c = await card(req);
    const pending = await pendingTransferOf(db, c.id);
    if (!pending) throw new NotFoundError('没有待处理的迁移。');
    await cancelTransfer(db, actorOf(req), pending.id);
    flash(req, 'success', '已撤回迁移');
    res.redirect(303, `/women/${c.id}`);
  });

  const transfersPage = async (req: Request) => {
    const actor = actorOf(req);
    return { ...(await pendingTransfersFor(db, actor.scope)), villages: await villageOptions(db, actor.scope) };
  };
  const transfersForm = formPage('women/transfers', transfersPage);
  router.get('/transfers', ...guard('cards.read'), transfersForm, async (req, res) => {
    res.render('women/transfers', await transfersPage(req));
  });
  router.post('/transfers/:tid/accept', ...send, transfersForm, async (req, res) => {
    const r = await acceptTransferParsed(db, actorOf(req), idParam(req, 'tid'), parseForm(TransferDecisionForm, req.body), opts());
    flash(req, 'success', `已接收 ${r.woman.name} 的信息卡`);
    res.redirect(303, `/women/${r.woman.id}`);
  });
  router.post('/transfers/:tid/reject', ...send, transfersForm, async (req, res) => {
    await rejectTransferParsed(db, actorOf(req), idParam(req, 'tid'), parseForm(TransferDecisionForm, req.body));
    flash(req, 'success', '已拒收该迁移');
    res.redirect(303, '/transfers');
  });
  router.post('/transfers/:tid/cancel', ...send, transfersForm, async (req, res) => {
    await cancelTransfer(db, actorOf(req), idParam(req, 'tid'));
    flash(req, 'success', '已撤回该迁移');
    res.redirect(303, '/transfers');
  });

  const requestLoad = async (req: Request) => ({ villages: await villageOptions(db, actorOf(req).scope) });
  const requestForm = formPage('women/transfer-request', requestLoad);
  router.get('/transfers/request', ...send, requestForm, async (req, res) => {
    const q = req.query;
    res.render('women/transfer-request', {
      ...(await requestLoad(req)),
      values: { id_number: typeof q.id_number === 'string' ? q.id_number : '', village: typeof q.village === 'string' ? q.village : '', moved_on: today() },
    });
  });
  router.post('/transfers/request', ...send, requestForm, async (req, res) => {
    await requestTransferParsed(db, actorOf(req), parseForm(TransferRequestForm, req.body), opts());
    flash(req, 'success', '已发出迁入申请，待对方乡镇同意后信息卡迁入本乡镇');
    res.redirect(303, '/transfers');
  });
}
