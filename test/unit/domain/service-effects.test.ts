import { describe, expect, it } from 'vitest';
import { planService, type ServiceRequest, type StateFacts } from '../../../src/domain/service-effects.ts';

const TODAY = '2026-03-15';

function req(kind: string, extra: Partial<ServiceRequest> = {}): ServiceRequest {
  return { kind, performed_on: '2026-03-01', facility: '城关镇计生服务站', complication: 'none', complication_serious: false, contraceptive_failure: false, ...extra };
}

const NONE: StateFacts = {};
const IUD: StateFacts = { openEpisode: { method: 'iud', started_on: '2018-05-01' } };
const CONDOM: StateFacts = { openEpisode: { method: 'condom', started_on: '2020-01-01' } };
const STERILISED: StateFacts = {
  openEpisode: { method: 'female_sterilization', started_on: '2019-04-01' },
  sterilization: { method: 'female_sterilization', started_on: '2019-04-01' },
};
const PREGNANT: StateFacts = { ongoingPregnancy: { id: 7, found_on: '2026-01-20' } };

describe('what a service does to the card', () => {
  it('IUD insertion opens an iud episode due after 8 years (or the date given); a short-acting method is no obstacle', () => {
    expect(planService(req('iud_insertion'), CONDOM, TODAY)).toEqual({
      plan: { steps: [{ op: 'open_episode', method: 'iud', due_on: '2034-03-01' }] },
      fieldErrors: {},
      formErrors: [],
    });
    const own = planService(req('iud_insertion', { due_on: '2036-03-01' }), NONE, TODAY);
    expect(own.plan.steps).toEqual([{ op: 'open_episode', method: 'iud', due_on: '2036-03-01' }]);
    const implant = planService(req('implant_insertion'), NONE, TODAY, { implant: 3 });
    expect(implant.plan.steps).toEqual([{ op: 'open_episode', method: 'implant', due_on: '2029-03-01' }]);
  });

  it('refuses an insertion after a sterilisation, during a pregnancy, or over another long-acting method', () => {
    expect(planService(req('iud_insertion'), STERILISED, TODAY).fieldErrors.kind).toMatch(/绝育后不能再登记宫内节育器/);
    expect(planService(req('iud_insertion'), PREGNANT, TODAY).fieldErrors.kind).toMatch(/妊娠中（2026-01-20 发现）不能登记/);
    expect(planService(req('iud_insertion'), IUD, TODAY).fieldErrors.kind).toMatch(/已有在用的宫内节育器（2018-05-01起），不能重复登记/);
    expect(planService(req('implant_insertion'), IUD, TODAY).fieldErrors.kind).toMatch(/请先登记取出该措施/);
    expect(planService(req('female_sterilization'), IUD, TODAY).fieldErrors.kind).toMatch(/请先登记取出该措施，再登记女性绝育/);
  });

  it('a removal closes the method it removes and is refused without it', () => {
    expect(planService(req('iud_removal'), IUD, TODAY).plan.steps).toEqual([{ op: 'close_episode', method: 'iud', end_reason: 'removed' }]);
    expect(planService(req('iud_removal'), NONE, TODAY).fieldErrors.kind).toBe('卡上没有在用的宫内节育器，不能登记取出；如放置未登记，请先补登放置记录');
    expect(planService(req('implant_removal'), IUD, TODAY).fieldErrors.kind).toMatch(/当前措施是宫内节育器/);
    expect(planService(req('iud_removal', { performed_on: '2017-01-01' }), IUD, TODAY).fieldErrors.performed_on).toMatch(/早于放置日期/);
  });

  it('sterilisations open a terminal episode; a reversal closes it', () => {
    expect(planService(req('male_sterilization'), CONDOM, TODAY).plan.steps).toEqual([{ op: 'open_episode', method: 'male_sterilization', due_on: null }]);
    expect(planService(req('sterilization_reversal', { facility: undefined }), STERILISED, TODAY).plan.steps).toEqual([
      { op: 'close_episode', method: 'female_sterilization', end_reason: 'reversal' },
    ]);
    expect(planService(req('sterilization_reversal'), NONE, TODAY).fieldErrors.kind).toMatch(/没有在用的绝育措施/);
  });

  it('a termination closes the ongoing pregnancy, or records one and closes it when none is on the card', () => {
    expect(planService(req('surgical_abortion'), PREGNANT, TODAY).plan).toEqual({ steps: [{ op: 'close_pregnancy', outcome: 'surgical_abortion' }] });
    const none = planService(req('medical_abortion', { lmp_date: '2026-01-10' }), NONE, TODAY);
    expect(none.plan).toEqual({ createPregnancy: { contraceptive_failure: false, lmp_date: '2026-01-10' }, steps: [{ op: 'close_pregnancy', outcome: 'medical_abortion' }] });
    expect(planService(req('induced_labour'), IUD, TODAY).fieldErrors.contraceptive_failure).toMatch(/须勾选“避孕失败”/);
    expect(planService(req('induced_labour', { contraceptive_failure: true }), IUD, TODAY).fieldErrors).toEqual({});
    expect(planService(req('surgical_abortion', { performed_on: '2026-01-10' }), PREGNANT, TODAY).fieldErrors.performed_on).toMatch(/早于孕情发现日期/);
  });

  it('a 查环查孕: IUD absent → expelled; positive → a pregnancy (a failure when a long-acting method is open)', () => {
    const check = (extra: Partial<ServiceRequest>, state: StateFacts) => planService(req('ring_pregnancy_check', { facility: undefined, ...extra }), state, TODAY);
    expect(check({ iud_result: 'present', pregnancy_result: 'negative' }, IUD).plan.steps).toEqual([]);
    expect(check({ iud_result: 'absent', pregnancy_result: 'negative' }, IUD).plan.steps).toEqual([{ op: 'close_episode', method: 'iud', end_reason: 'expelled' }]);
    expect(check({ iud_result: 'present', pregnancy_result: 'positive' }, IUD).fieldErrors.contraceptive_failure).toMatch(/须勾选“避孕失败”/);
    expect(check({ iud_result: 'present', pregnancy_result: 'positive', contraceptive_failure: true }, IUD).plan.steps).toEqual([
      { op: 'open_pregnancy', contraceptive_failure: true, lmp_date: null },
    ]);
    // Expelled and pregnant in the same check: the IUD is closed first, no failure mark needed.
    expect(check({ iud_result: 'absent', pregnancy_result: 'positive' }, IUD)).toMatchObject({
      fieldErrors: {},
      plan: {
        steps: [
          { op: 'close_episode', method: 'iud', end_reason: 'expelled' },
          { op: 'open_pregnancy', contraceptive_failure: false, lmp_date: null },
        ],
      },
    });
    expect(check({ pregnancy_result: 'positive' }, PREGNANT).plan.steps).toEqual([]);
  });

  it('refuses check results that contradict the card, or are missing', () => {
    const check = (extra: Partial<ServiceRequest>, state: StateFacts) => planService(req('ring_pregnancy_check', { facility: undefined, ...extra }), state, TODAY).fieldErrors;
    expect(check({ iud_result: 'present', pregnancy_result: 'negative' }, NONE).iud_result).toMatch(/请先补登上环记录/);
    expect(check({ pregnancy_result: 'negative' }, PREGNANT).pregnancy_result).toMatch(/请先登记该孕情的结局/);
    expect(check({}, NONE).pregnancy_result).toBe('请选择查孕结果');
    expect(check({ pregnancy_result: 'negative' }, IUD).iud_result).toMatch(/请填写查环结果/);
  });

  it('checks the form as a whole: dates, facility, complications and fields of other kinds', () => {
    const e = planService(req('iud_insertion', { performed_on: '2026-03-16', facility: undefined, complication_serious: true, pregnancy_result: 'negative' }), NONE, TODAY).fieldErrors;
    expect(e).toMatchObject({
      performed_on: '服务日期不能晚于今天',
      facility: '计划生育手术须填写服务机构',
      complication: expect.stringMatching(/请选择并发症类型/) as string,
      pregnancy_result: expect.stringMatching(/仅“查环查孕”/) as string,
    });
    expect(planService(req('gyn_exam', { complication: 'infection' }), NONE, TODAY).fieldErrors.complication).toMatch(/检查及其他服务不填写并发症/);
    expect(planService(req('iud_removal', { due_on: '2030-01-01' }), IUD, TODAY).fieldErrors.due_on).toMatch(/仅上环、皮下埋植/);
    expect(planService(req('gyn_exam', { facility: undefined }), NONE, TODAY)).toEqual({ plan: { steps: [] }, fieldErrors: {}, formErrors: [] });
  });
});
