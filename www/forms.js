// The request form of the browser demo page: one input per field of the chosen operation, the request object
// read back from it, and validation errors shown under the field they name.

import { $, h } from './dom.js';

/** Fills the form with the fields of provider `p`'s operation `opName` (collect or payout). */
export function renderFields(p, opName) {
  const op = p.operations[opName];
  $('fields').replaceChildren(
    ...op.fields.map((f) => {
      const id = `field-${f.key.replace(/\W/g, '-')}`;
      const input = f.options
        ? h('select', { id, name: f.key }, ...f.options.map((o) => h('option', { value: o, selected: o === f.value }, o)))
        : h('input', { id, name: f.key, value: f.value, autocomplete: 'off', spellcheck: 'false' });
      return h('div', { class: 'field', dataset: { field: f.key } },
        h('label', { for: id }, f.key),
        input,
        f.hint ? h('small', { class: 'hint' }, f.hint) : null,
        h('small', { class: 'field-error', 'aria-live': 'polite' }),
      );
    }),
  );
  $('submit').textContent = `Send ${opName} with ${p.name}`;
}

/** The request object from the form: empty fields left out, dotted keys nested (extra.customer_name). */
export function readRequest() {
  const req = {};
  for (const el of $('fields').querySelectorAll('input, select')) {
    const value = el.value.trim();
    if (value === '') continue;
    const parts = el.name.split('.');
    let target = req;
    for (const part of parts.slice(0, -1)) target = target[part] ??= {};
    target[parts.at(-1)] = value;
  }
  return req;
}

/** Removes every field's error. */
export function clearFieldErrors() {
  for (const f of $('fields').querySelectorAll('.field')) {
    f.classList.remove('invalid');
    f.querySelector('.field-error').textContent = '';
  }
}

/** Shows a validation error under the field it names (the core's field names, e.g. "amount", "extra.otp"). */
export function showFieldError(error) {
  if (!error.field) return false;
  const fields = [...$('fields').querySelectorAll('.field')];
  const norm = (s) => s.toLowerCase().replace(/[_.]/g, '');
  const wanted = norm(error.field);
  const match =
    fields.find((f) => norm(f.dataset.field) === wanted) ??
    fields.find((f) => wanted.endsWith(norm(f.dataset.field)) || norm(f.dataset.field).endsWith(wanted));
  if (!match) return false;
  match.classList.add('invalid');
  match.querySelector('.field-error').textContent = error.message;
  return true;
}
