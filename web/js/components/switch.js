// An on/off switch (role="switch") with its label and a visible On/Off state.

import { h } from '../dom.js';

/**
 * @param {object} options
 * @param {string} options.id the switch button's id; its label gets `<id>-label`
 * @param {string} options.label
 * @param {boolean} options.checked
 * @param {string} [options.describedBy] id of the text that explains the switch
 * @param {(event: Event) => void} options.onToggle
 */
export function switchRow({ id, label, checked, describedBy, onToggle }) {
  const labelId = `${id}-label`;
  return h('div', { class: 'switch-row' },
    h('span', { id: labelId, class: 'switch-row__label' }, label),
    h('button', {
      type: 'button', role: 'switch', id, class: 'switch', 'aria-checked': String(Boolean(checked)),
      'aria-labelledby': labelId, 'aria-describedby': describedBy, onclick: onToggle,
    }, h('span', { class: 'switch__track', 'aria-hidden': 'true' }, h('span', { class: 'switch__thumb' })),
    h('span', { class: 'switch__state', 'aria-hidden': 'true' }, checked ? 'On' : 'Off')));
}
