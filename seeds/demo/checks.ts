/**
 * 双查 (ring and pregnancy checks): one round per township and quarter. A woman is due when the round opens if
 * she is married, on the register, living in that township and not sterilised; ~95% are checked. Women working
 * away are mostly checked where they live (a certificate) or excused. A check during a pregnancy is positive and,
 * if it is the first sign of it, it is when the pregnancy was found (and an IUD that failed ends that day).
 */
import type { GenContext, PregnancySpec, WomanLife } from './life.ts';
import { marriedOn, villageOn } from './life.ts';
import type { Random } from './random.ts';

function pregnancyOn(w: WomanLife, day: number): PregnancySpec | null {
  for (const p of w.pregnancies) {
    if (day < p.lmp || (p.end !== null && day >= p.end)) continue;
    if (day >= p.found || day >= p.lmp + 42) return p;
  }
  return null;
}

/** Too early to see (under six weeks and not yet known): move the visit out of that window if the round allows. */
function visitDay(w: WomanLife, day: number, opened: number, closes: number): number {
  for (const p of w.pregnancies) {
    if (day >= p.lmp && day < p.lmp + 42 && day < p.found) {
      if (p.lmp + 42 <= closes) return p.lmp + 42;
      if (p.lmp - 1 >= opened) return p.lmp - 1;
    }
  }
  return day;
}

export function planChecks(ctx: GenContext, w: WomanLife, rnd: Random): void {
  if (!w.spans.length) return;
  const sterilised = w.episodes.find((e) => e.method === 'female_sterilization' || e.method === 'male_sterilization')?.start ?? Infinity;
  const slots = ctx.rounds[0].length;
  for (let slot = 0; slot < slots; slot++) {
    const probe = ctx.rounds[0][slot].opened;
    const round = ctx.rounds[ctx.villages[villageOn(w, probe)].township][slot];
    const opened = round.opened;
    if (!marriedOn(w, opened) || sterilised <= opened) continue;
    if (w.exitDay !== null && w.exitDay <= round.closes) continue;
    if (w.migration.status === 'inflow' && w.migration.since! > opened) continue;
    const away = w.migration.status === 'outflow' && w.migration.since! <= opened;
    const r = rnd.next();
    if (away && r >= 0.6) {
      w.checks.push({ round, status: r < 0.85 ? 'excused' : 'due', day: null, iud: null, pregnancy: null, pregnancyRef: null, note: r < 0.85 ? '长期外出，已办婚育证明' : null });
      continue;
    }
    const day = visitDay(w, opened + rnd.int(0, round.closes - opened), opened, round.closes);
    if ((!away && r >= 0.955) || day > ctx.today) {
      w.checks.push({ round, status: 'due', day: null, iud: null, pregnancy: null, pregnancyRef: null, note: null });
      continue;
    }
    const iud = w.episodes.some((e) => e.method === 'iud' && e.start <= day && (e.end === null || day <= e.end));
    const p = pregnancyOn(w, day);
    let found: PregnancySpec | null = null;
    if (p && day < p.found) {
      p.found = day;
      p.foundByCheck = true;
      if (p.failureEpisode) p.failureEpisode.end = day;
      found = p;
    }
    w.checks.push({
      round,
      status: 'done',
      day,
      iud: iud ? 'present' : 'not_applicable',
      pregnancy: p ? 'positive' : 'negative',
      pregnancyRef: found,
      note: away ? '流入地查验，凭证明' : null,
    });
  }
}
