/** The region admin's forms: a new region, a new name, activate/deactivate (with the version read). */
import { z } from 'zod';
import { field } from '../../../parse.ts';

export const NewRegionForm = z.object({ code: field.text('区划代码', 12), name: field.text('名称', 50) });
export const RenameForm = z.object({ name: field.text('名称', 50), version: field.int('版本', 1) });
export const VersionForm = z.object({ version: field.int('版本', 1) });
