/** The period of the 出生信息 rates page. */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const RatesQuery = z.object({ from: field.optionalDate('开始日期'), to: field.optionalDate('结束日期') });
