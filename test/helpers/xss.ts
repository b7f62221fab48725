/**
 * Stored and reflected HTML/script payloads, and the oracle that a page rendered one inert: the payload is
 * shown (as text or an attribute value), never as markup — no unescaped copy of it in the HTML, no script but
 * the portal's own file, no event-handler attribute, no javascript: URL.
 */
import * as cheerio from 'cheerio';
import fc from 'fast-check';
import { textProblem } from '../../src/domain/text.ts';

/** The corpus; PAYLOADS are the ones the text normaliser stores (a U+202E is refused, see REFUSED_PAYLOADS). */
const CORPUS = [
  '<script>alert(1)</script>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">点我</a>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<!--<script>alert(1)//-->',
  '<style>*{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=http://evil.example">',
  '<base href="http://evil.example/">',
  '<form action="http://evil.example"><button>提交</button></form>',
  '" onmouseover="alert(1)',
  "' onmouseover='alert(1)",
  '`${alert(1)}`',
  '{{constructor.constructor("alert(1)")()}}',
  '<%= process.exit() %>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)',
  'javascript:alert(1)',
  '王<b>秀</b>英',
  '李"梅\'花&<>',
  '\u202e<script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
];

/** Payloads every form stores (and must show inert), and those the one text normaliser refuses with a message. */
export const PAYLOADS = CORPUS.filter((p) => textProblem(p.normalize('NFC'), '') === undefined);
export const REFUSED_PAYLOADS = CORPUS.filter((p) => !PAYLOADS.includes(p));

const PIECES = [
  '<',
  '>',
  '"',
  "'",
  '&',
  '`',
  '/',
  '=',
  ' ',
  'script',
  'img',
  'svg',
  'onerror=',
  'onload=',
  'javascript:',
  '<!--',
  '-->',
  '</',
  '&lt;',
  '&#x3c;',
  '${',
  '<%',
  '%>',
  '\\',
  '王',
  '秀',
  '\u2028',
  '\u00a0',
];
/** Rarer: characters a form must refuse or keep (NUL cannot be stored at all). */
const CONTROLS = ['\u0000', '\u0007', '\u001b', '\r\n', '\t', '\u200b', '\ufeff'];

/** Strings rich in markup characters and fragments, 1..max characters after trimming. */
export function payloadArbitrary(max: number): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...PIECES) }, { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(...CONTROLS) }),
      { minLength: 1, maxLength: 14 },
    )
    .map((parts) => parts.join(''))
    .filter((s) => s.trim().length >= 1 && s.trim().length <= max);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
/** What EJS's <%= %> makes of a string. */
export const ejsEscape = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

let markerSeq = 0;
/**
 * Wrap a payload in random alphanumeric markers (and fit it into `max` characters): the markers make a raw copy
 * of the payload findable without mistaking the page's own markup for it, and keep trimming from changing it.
 */
export function marked(payload: string, max: number): string {
  markerSeq += 1;
  const m = `Q${markerSeq.toString(36)}${Math.random().toString(36).slice(2, 4)}Z`;
  // Cut by code points: half a surrogate pair would be replaced on the way and no longer match.
  // NFC, as the text normaliser stores it (a CJK compatibility ideograph becomes its unified twin).
  return `${m}${Array.from(payload.normalize('NFC'))
    .slice(0, Math.max(1, max - 2 * m.length))
    .join('')}${m}`;
}

/**
 * Elements the portal's pages never contain: one of these on a page means markup got in. The one exception is
 * the reports' own server-rendered charts (`<svg class="chart">` with its `<title>`s), skipped below.
 */
const FOREIGN = 'iframe, frame, frameset, object, embed, base, style, math, svg, img, video, audio, source, link:not([rel="stylesheet"]):not([rel="icon"]), body meta, body title';

/** Markup problems of a page, whatever text it shows: foreign elements, scripts, handlers, javascript: URLs. */
export function markupProblems(html: string): string[] {
  const problems: string[] = [];
  const $ = cheerio.load(html);
  $('script').each((_i, el) => {
    if ($(el).attr('src') !== '/assets/app.js') problems.push(`a script element that is not the portal's: ${$.html(el).slice(0, 80)}`);
  });
  $(FOREIGN).each((_i, el) => {
    if ($(el).closest('svg.chart').length) return;
    problems.push(`an element the portal never renders: ${$.html(el).slice(0, 80)}`);
  });
  $('*').each((_i, el) => {
    const node = el as unknown as { name: string; attribs?: Record<string, string> };
    for (const [name, value] of Object.entries(node.attribs ?? {})) {
      if (/^on/i.test(name)) problems.push(`an event-handler attribute ${name} on <${node.name}>`);
      if (['href', 'src', 'action', 'formaction'].includes(name) && /^\s*javascript:/i.test(value)) problems.push(`a javascript: URL in ${name}`);
      if (name === 'action' && !value.startsWith('/')) problems.push(`a form posting elsewhere: ${value}`);
    }
  });
  return problems;
}

/** Whether the page shows `stored` as text (escaped as EJS does, or inside a JSON string). */
export function showsEscaped(html: string, stored: string): boolean {
  return html.includes(ejsEscape(stored)) || html.includes(ejsEscape(JSON.stringify(stored).slice(1, -1)));
}

/** Whether an unescaped copy of `stored` is in the HTML (only meaningful when escaping changes it). */
export function showsRaw(html: string, stored: string): boolean {
  return ejsEscape(stored) !== stored && html.includes(stored);
}

/** Problems found on a page that should show `stored` inert (empty list: inert and visible). */
export function inertProblems(html: string, stored: string): string[] {
  const problems: string[] = [];
  if (showsRaw(html, stored)) problems.push('the payload appears unescaped in the HTML');
  if (!showsEscaped(html, stored)) problems.push('the payload is not shown on the page (checked the wrong page?)');
  return [...problems, ...markupProblems(html)];
}
