/** The forms of /admin/follow-up-schedules: a new schedule entry, a change to one, and the device lifetimes. */
import { z } from 'zod';
import { FOLLOW_UP_LEVEL, FOLLOW_UP_TRIGGER, SERVICE_KIND } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const ScheduleCreateForm = z.object({
  trigger: field.code(FOLLOW_UP_TRIGGER, '触发事件'),
  service_kind: field.optionalCode(SERVICE_KIND, '服务项目'),
  months_after: field.int('间隔月数', 0, 120),
  days_after: field.int('间隔天数', 0, 3660),
  level: field.code(FOLLOW_UP_LEVEL, '随访级别'),
  serious_complication_only: field.checkbox(),
  note: field.optionalText('说明', 200),
  reason: field.text('变更原因', 200),
});
export type ScheduleCreateValues = z.output<typeof ScheduleCreateForm>;

export const ScheduleUpdateForm = z.object({
  months_after: field.int('间隔月数', 0, 120),
  days_after: field.int('间隔天数', 0, 3660),
  level: field.code(FOLLOW_UP_LEVEL, '随访级别'),
  active: field.checkbox(),
  note: field.optionalText('说明', 200),
  reason: field.text('变更原因', 200),
});
export type ScheduleUpdateValues = z.output<typeof ScheduleUpdateForm>;

export const LifetimesForm = z.object({
  iud: field.int('宫内节育器有效年限', 1, 30),
  implant: field.int('皮下埋植有效年限', 1, 30),
  lifetime_reason: field.text('变更原因', 200),
});
export type LifetimesValues = z.output<typeof LifetimesForm>;
