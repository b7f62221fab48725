/**
 * Forms of the status histories: the dates of a change asked by the card's edit form (required by the service
 * when that status changes), the date of a new card's divorce/widowhood, and 补填日期 of an undated event.
 */
import { z } from 'zod';
import { field } from '../../../parse.ts';

/** The change dates the card form may post beside the card's own fields. */
export const ChangeDateFields = {
  marital_changed_on: field.optionalDate('婚姻状况变更日期'),
  migrant_changed_on: field.optionalDate('流动状态变更日期'),
  hukou_changed_on: field.optionalDate('户口性质变更日期'),
};

export const ChangeDatesForm = z.object(ChangeDateFields);
export type ChangeDates = z.output<typeof ChangeDatesForm>;

export const CHANGE_DATE_LABELS: Record<keyof ChangeDates, string> = {
  marital_changed_on: '婚姻状况变更日期',
  migrant_changed_on: '流动状态变更日期',
  hukou_changed_on: '户口性质变更日期',
};

export const EventDateForm = z.object({ effective_on: field.date('变更日期') });

export const UndatedQuery = z.object({ page: field.optionalInt('页码', 1) });
