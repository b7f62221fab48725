/**
 * What offices type in a services sheet, read as the service form's codes (pure; unit-tested):
 *   - the 服务项目 as its code, its full label, the short name in its brackets (上环, 取环, 女扎, 双查 …) or a
 *     common abbreviation (人流, 药流, 引产, 皮埋);
 *   - a 查环查孕 result written in the 结果 column ("有环，未孕") as the check's 查环/查孕 results;
 *   - yes/no cells (是/否, Y/N, 1/0, √).
 */
import { SERVICE_KIND, codeFromInput, type ServiceKind } from '../../../domain/codes.ts';

const ABBREVIATIONS: Record<string, ServiceKind> = {
  人流: 'surgical_abortion',
  药流: 'medical_abortion',
  引产: 'induced_labour',
  皮埋: 'implant_insertion',
  取皮埋: 'implant_removal',
  查环查孕: 'ring_pregnancy_check',
  查环: 'ring_pregnancy_check',
  孕检: 'preconception_check',
};

export function serviceKindOf(text: string): string {
  const t = text.trim().replace(/（/g, '(').replace(/）/g, ')');
  if (t === '') return '';
  const direct = codeFromInput(SERVICE_KIND, t);
  if (direct) return direct;
  for (const [code, label] of Object.entries(SERVICE_KIND)) {
    const inner = /\(([^)]+)\)/.exec(label)?.[1];
    if (inner === t) return code;
  }
  return ABBREVIATIONS[t] ?? t;
}

/** The double check's results named in free text; undefined where the text says nothing about one. */
export function checkResultsOf(text: string): { iud_result?: 'present' | 'absent'; pregnancy_result?: 'positive' | 'negative' } {
  const t = text.replace(/\s+/g, '');
  const out: { iud_result?: 'present' | 'absent'; pregnancy_result?: 'positive' | 'negative' } = {};
  if (/无环|环脱落|脱环|未见环|环已脱/.test(t)) out.iud_result = 'absent';
  else if (/有环|环在位|环位正常|环正常|带环/.test(t)) out.iud_result = 'present';
  if (/未孕|无孕|阴性|未怀孕|没怀孕/.test(t)) out.pregnancy_result = 'negative';
  else if (/阳性|怀孕|有孕|早孕/.test(t)) out.pregnancy_result = 'positive';
  return out;
}

/** A yes/no cell as the form posts a checkbox ('on' or ''); undefined for anything else (a problem). */
export function yesNo(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if (['是', 'y', 'yes', '1', 'true', '√', '有'].includes(t)) return 'on';
  if (['否', 'n', 'no', '0', 'false', '×', '无', ''].includes(t)) return '';
  return undefined;
}
