/**
 * The register's consistency rules (DESIGN §5), as the demo generator must keep them, checked on one woman's
 * records at a time. Shaped like a rule engine — records in, list of problems out — so that once
 * src/domain/consistency.ts lands, `checkWoman` can be swapped for it (mapping these records to its input) and
 * the demo tests keep asserting "no E-level problems".
 */
import { ageOn, daysBetween, type IsoDate } from '../../src/domain/dates.ts';
import { parseIdNumber } from '../../src/domain/id-number.ts';

export interface WomanRecords {
  woman: {
    id: number; id_number: string; birth_date: IsoDate; status: string; marital_status: string; marriage_date: IsoDate | null;
    spouse_id_number: string | null; exit_reason: string | null; exit_date: IsoDate | null;
  };
  children: { birth_date: IsoDate; birth_order: number; pregnancy_id: number | null }[];
  pregnancies: { id: number; lmp_date: IsoDate | null; found_on: IsoDate; outcome: string; outcome_date: IsoDate | null; contraceptive_failure: boolean }[];
  episodes: { method: string; started_on: IsoDate; ended_on: IsoDate | null; end_reason: string | null }[];
  services: { kind: string; performed_on: IsoDate; pregnancy_result: string | null }[];
}

const LONG_ACTING = new Set(['iud', 'implant', 'female_sterilization', 'male_sterilization']);
const STERILIZATION = new Set(['female_sterilization', 'male_sterilization']);

/** Problems as 'rule: detail'; an empty list means the card passes. */
export function checkWoman(r: WomanRecords, today: IsoDate): string[] {
  const out: string[] = [];
  const w = r.woman;
  const id = parseIdNumber(w.id_number);
  if (!id.ok) out.push(`id_number: ${w.id_number} invalid (${id.problem.code})`);
  else {
    if (id.info.birthDate !== w.birth_date) out.push('id_number: birth date differs from the card');
    if (id.info.sex !== 'female') out.push('id_number: not a female number');
  }
  if (w.spouse_id_number) {
    const s = parseIdNumber(w.spouse_id_number);
    if (!s.ok || s.info.sex !== 'male') out.push('spouse_id_number: invalid or not male');
  }
  if (w.marriage_date && ageOn(w.birth_date, w.marriage_date) < 20) out.push('marriage_date: before 20');
  if (w.status === 'active' && (ageOn(w.birth_date, today) > 49 || ageOn(w.birth_date, today) < 15)) out.push('age: active outside 15–49');
  if (w.status === 'exited' && w.exit_reason === 'over_age' && ageOn(w.birth_date, w.exit_date!) < 50) out.push('exit: over_age before 50');
  const last = w.exit_date ?? today;

  // Children: orders 1..n by date (twins share), 6 months apart, mother at least 14, not in the future.
  const kids = [...r.children].sort((a, b) => a.birth_date.localeCompare(b.birth_date));
  let order = 0;
  let prev: IsoDate | null = null;
  for (const c of kids) {
    if (c.birth_date !== prev) {
      order += 1;
      if (prev && daysBetween(prev, c.birth_date) < 183) out.push(`children: births ${prev} and ${c.birth_date} under 6 months apart`);
    }
    if (c.birth_order !== order) out.push(`children: birth on ${c.birth_date} has order ${c.birth_order}, expected ${order}`);
    if (ageOn(w.birth_date, c.birth_date) < 14) out.push(`children: mother under 14 on ${c.birth_date}`);
    if (c.birth_date > last) out.push(`children: birth ${c.birth_date} after ${last}`);
    prev = c.birth_date;
  }

  // Pregnancies: one ongoing at most, no overlaps, a live birth has its children.
  const pregs = [...r.pregnancies].sort((a, b) => (a.lmp_date ?? a.found_on).localeCompare(b.lmp_date ?? b.found_on));
  if (pregs.filter((p) => p.outcome === 'ongoing').length > 1) out.push('pregnancies: more than one ongoing');
  for (let i = 1; i < pregs.length; i++) {
    const before = pregs[i - 1];
    if (!before.outcome_date || before.outcome_date > (pregs[i].lmp_date ?? pregs[i].found_on)) out.push('pregnancies: overlap');
  }
  for (const p of pregs) {
    if (p.lmp_date && p.found_on < p.lmp_date) out.push('pregnancies: found before LMP');
    if (p.outcome_date && p.outcome_date < p.found_on) out.push('pregnancies: outcome before found');
    const born = r.children.filter((c) => c.pregnancy_id === p.id);
    if (p.outcome === 'live_birth' && (!born.length || born.some((c) => c.birth_date !== p.outcome_date))) out.push('pregnancies: live birth without its child');
  }

  // Methods: one at a time, nothing after sterilisation, no pregnancy under an open long-acting method
  // unless it is marked as a contraceptive failure.
  const eps = [...r.episodes].sort((a, b) => a.started_on.localeCompare(b.started_on));
  if (eps.filter((e) => e.ended_on === null).length > 1) out.push('episodes: more than one open');
  for (let i = 1; i < eps.length; i++) {
    const e = eps[i - 1];
    if (e.ended_on === null || e.ended_on >= eps[i].started_on) out.push(`episodes: ${e.method} from ${e.started_on} overlaps the next`);
  }
  const sterilised = eps.find((e) => STERILIZATION.has(e.method))?.started_on;
  if (sterilised) {
    if (eps.some((e) => e.started_on > sterilised)) out.push('sterilisation: a method after it');
    if (pregs.some((p) => (p.lmp_date ?? p.found_on) > sterilised)) out.push('sterilisation: a pregnancy after it');
    if (r.services.some((s) => (s.kind === 'iud_insertion' || s.kind === 'iud_removal') && s.performed_on > sterilised)) out.push('sterilisation: an IUD procedure after it');
  }
  for (const p of pregs) {
    const start = p.lmp_date ?? p.found_on;
    const open = eps.find((e) => LONG_ACTING.has(e.method) && e.started_on <= start && (e.ended_on === null || e.ended_on > start));
    if (open && !p.contraceptive_failure) out.push(`pregnancies: started ${start} under an open ${open.method} without a failure mark`);
  }
  for (const s of r.services) {
    if (s.performed_on > last) out.push(`services: ${s.kind} on ${s.performed_on} after ${last}`);
    if (s.kind === 'iud_removal' && !eps.some((e) => e.method === 'iud' && e.started_on <= s.performed_on && e.ended_on === s.performed_on)) {
      out.push(`services: IUD removal on ${s.performed_on} without an IUD episode ending then`);
    }
    if (s.kind === 'ring_pregnancy_check' && s.pregnancy_result) {
      const known = pregs.some((p) => p.found_on <= s.performed_on && (p.outcome_date === null || s.performed_on < p.outcome_date));
      if (known && s.pregnancy_result === 'negative') out.push(`checks: negative on ${s.performed_on} during a recorded pregnancy`);
      if (!known && s.pregnancy_result === 'positive') out.push(`checks: positive on ${s.performed_on} with no pregnancy recorded`);
    }
  }
  return out;
}
