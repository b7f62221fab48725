/** Reading a rendered form back as the fields a browser would post (inputs, selected options, textareas). */
import { $ } from './http.ts';

export function formFields(html: string, selector = 'form.form'): Record<string, string> {
  const $f = $(html);
  const fields: Record<string, string> = {};
  $f(`${selector} input, ${selector} select, ${selector} textarea`).each((_i, el) => {
    const node = $f(el);
    const name = node.attr('name');
    if (!name || name === '_csrf') return;
    const type = node.attr('type');
    if ((type === 'checkbox' || type === 'radio') && node.attr('checked') === undefined) return;
    if (node.is('select')) fields[name] = node.find('option[selected]').attr('value') ?? node.find('option').first().attr('value') ?? '';
    else if (node.is('textarea')) fields[name] = node.text();
    else fields[name] = node.attr('value') ?? '';
  });
  return fields;
}
