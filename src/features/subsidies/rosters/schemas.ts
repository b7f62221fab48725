/** The roster and audit filters, parsed once at the edge (DESIGN §13: empty strings are missing). */
import { z } from 'zod';
import { SUBSIDY_PROGRAM } from '../../../domain/codes.ts';
import { field } from '../../../parse.ts';

export const RosterQuery = z.object({
  program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目'),
  year: field.optionalInt('年度', 1990, 2100),
  village: field.optionalText('村', 12),
  print: field.checkbox(),
});

export const AuditQuery = z.object({ program: field.optionalCode(SUBSIDY_PROGRAM, '补助项目') });
