/** The month close forms: township and month (and the report region to return to), with a comment or a reason. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

const Base = { region: field.text('乡镇', 12), month: field.month(), back: field.optionalText('返回', 12) };
export const CloseForm = z.object(Base);
export const ReturnForm = z.object({ ...Base, comment: field.text('退回意见', 500) });
export const UnlockForm = z.object({ ...Base, reason: field.text('解锁原因', 500) });
