/** The county-month forms: the county and the month, with the reason of a return; the status page's month. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

const Base = { region: field.text('县', 6), month: field.month() };
export const CountyMonthForm = z.object(Base);
export const CountyReturnForm = z.object({ ...Base, comment: field.text('退回原因', 500) });
export const CountyMonthsQuery = z.object({ month: field.optionalText('月份', 7), page: field.optionalInt('页码', 1) });
