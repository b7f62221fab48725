/**
 * Contraception episodes, built stretch by stretch between pregnancies while she is married: a method used
 * before a wanted pregnancy ends (IUD removed, condoms stopped) before it starts; an unplanned pregnancy is
 * sometimes a contraceptive failure (the method ends 'failure' when the pregnancy is found); the last stretch
 * holds her current method, chosen by children and era so that married women come out near the national mix
 * (none ~12%; of users IUD ~53%, female sterilisation ~30%, male ~5%, condoms ~9%, pills ~1–2%, implants ~1%).
 * Sterilisation only ever happens in the last stretch, so nothing follows it. One episode is open at a time.
 */
import type { Method } from '../../src/domain/codes.ts';
import { TWO_CHILD_DAY } from './births.ts';
import { ageAt, birthday, YEAR, type Day } from './days.ts';
import { childrenBornBy, type EpisodeSpec, type GenContext, type PregnancySpec, type WomanLife } from './life.ts';
import type { Random } from './random.ts';

type Choice = Method | 'none';

function iudLife(rnd: Random): number {
  return rnd.weighted([
    [5, 30],
    [8, 20],
    [10, 50],
  ] as const);
}

function episode(method: Method, start: Day, end: Day | null, endReason: EpisodeSpec['endReason'], extra: Partial<EpisodeSpec> = {}): EpisodeSpec {
  const procedure = method === 'iud' ? 'iud_insertion' : method === 'implant' ? 'implant_insertion' : method === 'female_sterilization' || method === 'male_sterilization' ? method : null;
  return { method, start, end, endReason, due: null, startKind: procedure, endKind: null, endNote: null, ...extra };
}

/** Before a wanted pregnancy: any method ends before its last menstrual period. */
function beforePlanned(w: WomanLife, rnd: Random, a: Day, b: Day): void {
  if (b - a < 90) return;
  const m = rnd.weighted<Choice>([
    ['iud', 40],
    ['condom', 30],
    ['pill_or_injection', 5],
    ['none', 25],
  ]);
  const s = a + rnd.int(0, 60);
  if (m === 'iud' && b - a > 300) {
    const r = b - rnd.int(30, 150);
    w.episodes.push(episode('iud', s, r, 'removed', { due: birthday(s, iudLife(rnd)), endKind: 'iud_removal', endNote: '计划再生育' }));
  } else if (m !== 'none') {
    const e = b - rnd.int(10, 90);
    if (e > s) w.episodes.push(episode(m === 'iud' ? 'condom' : m, s, e, 'stopped'));
  }
}

/** Before an abortion or miscarriage: often no method, sometimes one that failed. */
function beforeUnplanned(w: WomanLife, rnd: Random, a: Day, p: PregnancySpec): void {
  const s = a + rnd.int(0, 60);
  if (p.outcome !== 'miscarriage' && rnd.chance(0.3) && s < p.lmp - 30) {
    const m = rnd.weighted<Method>([
      ['condom', 50],
      ['iud', 35],
      ['pill_or_injection', 15],
    ]);
    const ep = episode(m, s, p.found, 'failure', m === 'iud' ? { due: birthday(s, iudLife(rnd)) } : {});
    w.episodes.push(ep);
    p.failure = m;
    p.failureEpisode = ep;
  } else if (rnd.chance(0.3)) {
    const e = p.lmp - rnd.int(5, 60);
    if (e > s) w.episodes.push(episode('condom', s, e, 'stopped'));
  }
}

/** IUD or implant from `s`, replaced or removed at the end of its life, until `stop`. */
function longActing(w: WomanLife, rnd: Random, method: 'iud' | 'implant', s: Day, stop: Day): void {
  for (let guard = 0; guard < 6; guard++) {
    const due = birthday(s, method === 'iud' ? iudLife(rnd) : 5);
    const kinds = method === 'iud' ? { endKind: 'iud_removal' as const } : { endKind: 'implant_removal' as const };
    if (due >= stop) {
      w.episodes.push(episode(method, s, null, null, { due }));
      return;
    }
    const x = due + rnd.int(0, 240);
    const r = rnd.next();
    const older = ageAt(w.birth, due) >= 46;
    if (x >= stop || (!older && r >= 0.73) || (older && r >= 0.35)) {
      // Kept past its due date: she is on the removals-due list.
      w.episodes.push(episode(method, s, null, null, { due }));
      return;
    }
    if (older || r >= 0.65) {
      w.episodes.push(episode(method, s, x, 'removed', { due, ...kinds, endNote: older ? '绝经取出' : '到期取出' }));
      return;
    }
    w.episodes.push(episode(method, s, x, 'removed', { due, ...kinds, endNote: '到期更换' }));
    s = x + 1;
  }
}

function currentWeights(k: number, lastBirth: Day | null): [Choice, number][] {
  if (k === 0)
    return [
      ['none', 21],
      ['condom', 46],
      ['pill_or_injection', 6],
      ['iud', 27],
    ];
  const old = lastBirth !== null && lastBirth < TWO_CHILD_DAY;
  // 一孩上环、二孩结扎 under the old policy; many second births since 2016 ended with a tubal ligation too.
  if (k >= 2 && old)
    return [
      ['female_sterilization', 70],
      ['male_sterilization', 12],
      ['iud', 14],
      ['implant', 1],
      ['condom', 1.5],
      ['pill_or_injection', 0.5],
      ['none', 1],
    ];
  if (old)
    return [
      ['iud', 37],
      ['female_sterilization', 50],
      ['male_sterilization', 8],
      ['implant', 1.5],
      ['condom', 3],
      ['pill_or_injection', 1],
      ['none', 1.5],
    ];
  if (k >= 2)
    return [
      ['iud', 59],
      ['female_sterilization', 25],
      ['male_sterilization', 5],
      ['implant', 1.5],
      ['condom', 6],
      ['pill_or_injection', 1.5],
      ['none', 1.5],
    ];
  return [
    ['iud', 70],
    ['condom', 9],
    ['pill_or_injection', 1],
    ['implant', 1.2],
    ['female_sterilization', 3],
    ['male_sterilization', 1],
    ['none', 4],
  ];
}

/** The last stretch of her current marriage: the method she holds today (or held when her card was exited). */
function current(w: WomanLife, rnd: Random, a: Day, stop: Day): void {
  if (a >= stop) return;
  const k = childrenBornBy(w, stop);
  const births = w.pregnancies.filter((p) => p.outcome === 'live_birth');
  const m = rnd.weighted(currentWeights(k, births.length ? births[births.length - 1].end : null));
  if (m === 'female_sterilization' || m === 'male_sterilization') {
    let s = a + rnd.int(0, 240);
    if (rnd.chance(0.1) && stop - a > 3 * YEAR) {
      // 一孩上环、二孩结扎 the slow way: an IUD first, sterilisation a few years later.
      const i = a + rnd.int(0, 150);
      s = i + 2 * YEAR + rnd.int(0, Math.min(stop - i - 2 * YEAR - 1, 6 * YEAR));
      const r = s - rnd.int(1, 30);
      w.episodes.push(episode('iud', i, r, 'removed', { due: birthday(i, iudLife(rnd)), endKind: 'iud_removal', endNote: '改行绝育术' }));
    }
    if (s < stop) w.episodes.push(episode(m, s, null, null));
  } else if (m === 'iud' || m === 'implant') {
    const s = a + rnd.int(0, 150);
    if (s < stop) longActing(w, rnd, m, s, stop);
  } else if (m !== 'none') {
    const s = a + rnd.int(0, 120);
    if (s < stop) w.episodes.push(episode(m, s, null, null));
  } else if (k >= 1 && stop - a > 2 * YEAR && rnd.chance(0.5)) {
    const s = a + rnd.int(0, 150);
    const r = s + YEAR + rnd.int(0, stop - s - YEAR - 20);
    const note = rnd.pick(['计划再生育', '副作用', '本人要求']);
    w.episodes.push(episode('iud', s, r, 'removed', { due: birthday(s, iudLife(rnd)), endKind: 'iud_removal', endNote: note }));
  }
}

/** A marriage that ended in divorce or widowhood: a method ends with it unless nothing can end it. */
function beforeSplit(w: WomanLife, rnd: Random, a: Day, d: Day, remarries: boolean): void {
  if (d - a < 90) return;
  const s = a + rnd.int(0, 60);
  const sterilizable = !remarries && childrenBornBy(w, d) > 0;
  const m = rnd.weighted<Choice>(
    remarries
      ? [
          ['iud', 35],
          ['condom', 30],
          ['none', 35],
        ]
      : [
          ['iud', 45],
          ['female_sterilization', sterilizable ? 5 : 0],
          ['condom', 25],
          ['none', 25],
        ],
  );
  if (m === 'iud' && remarries) {
    const r = d - rnd.int(0, 90);
    if (r > s + 60) w.episodes.push(episode('iud', s, r, 'removed', { due: birthday(s, iudLife(rnd)), endKind: 'iud_removal', endNote: '本人要求' }));
  } else if (m === 'iud' || m === 'female_sterilization') {
    w.episodes.push(episode(m, s, null, null, m === 'iud' ? { due: birthday(s, iudLife(rnd)) } : {}));
  } else if (m === 'condom' && d - 1 > s) {
    w.episodes.push(episode('condom', s, d - 1, 'stopped'));
  }
}

function postGap(rnd: Random, p: PregnancySpec): number {
  if (p.outcome === 'live_birth') return rnd.int(42, 150);
  if (p.outcome === 'miscarriage') return rnd.int(14, 60);
  // Never the same day: a method that failed ended when the pregnancy was found, which may be that day.
  return rnd.int(1, 30);
}

export function planMethods(ctx: GenContext, w: WomanLife, rnd: Random): void {
  for (const [si, span] of w.spans.entries()) {
    let a: Day | null = span.start;
    for (const p of w.pregnancies) {
      if (p.lmp < span.start || p.lmp >= span.end) continue;
      // Stretches wholly before the kept history add nothing the register shows.
      if (p.lmp >= ctx.windowStart - YEAR) {
        if (p.outcome === 'live_birth' || p.outcome === 'ongoing') beforePlanned(w, rnd, a!, p.lmp);
        else beforeUnplanned(w, rnd, a!, p);
      }
      if (p.end === null) {
        a = null;
        break;
      }
      a = p.end + postGap(rnd, p);
    }
    if (a === null) continue;
    if (span.end <= w.end) beforeSplit(w, rnd, a, span.end, si < w.spans.length - 1);
    else current(w, rnd, a, w.end);
  }
  if (w.exitDay !== null) {
    for (const e of w.episodes) if (e.end === null) Object.assign(e, { end: w.exitDay, endReason: 'exited' });
  }
  // Stretches wholly before the window were skipped, but a long-acting method may reach into it: keep only
  // episodes still running when the history starts.
  w.episodes = w.episodes.filter((e) => e.end === null || e.end >= ctx.windowStart).sort((x, y) => x.start - y.start);
}
