// The Access Security card for remembered browsers: how many days (0-30, 0 off) a browser a
// member chose to remember may skip the second factor at sign-in, with the trade-off spelled
// out. Saved with the 2FA requirement's own call, behind the same fresh password sign-in.

import { h, field, setFieldError } from '../../dom.js';

/**
 * @param {object} sec the org's security settings
 * @param {object} options
 * @param {string} options.orgId
 * @param {(action: Function) => Function} options.guard the tab's busyLock guard
 * @param {(days: number) => Promise<void>} options.change saves the new number of days
 * @returns {HTMLElement}
 */
export function rememberCard(sec, { orgId, guard, change }) {
  const days = h('input', {
    type: 'number', id: 'remember-days', name: 'rememberDeviceDays', class: 'input input--short',
    min: '0', max: '30', step: '1', inputmode: 'numeric', value: String(sec.rememberDeviceDays ?? 0),
  });

  async function save() {
    const raw = days.value.trim();
    const value = Number(raw);
    if (raw === '' || !Number.isInteger(value) || value < 0 || value > 30) {
      setFieldError(days, 'Enter a whole number of days from 0 to 30.');
      days.focus();
      return;
    }
    setFieldError(days, '');
    await change(value);
  }

  return h('section', { class: 'card card--flat', 'aria-labelledby': 'remember-title' },
    h('h2', { id: 'remember-title' }, 'Remembered browsers'),
    h('p', { id: 'remember-state' }, sec.rememberDeviceDays > 0
      ? ['On: members may have a browser remembered for ', h('strong', {}, `${sec.rememberDeviceDays} ${sec.rememberDeviceDays === 1 ? 'day' : 'days'}`), '.']
      : ['Off: members pass their second factor at every sign-in in ', orgId, '.']),
    h('ul', { class: 'tradeoffs' },
      h('li', {}, h('strong', {}, 'Fewer prompts: '),
        'a member who ticks “Remember this browser” at sign-in is not asked for a code or key in that browser until the days are over.'),
      h('li', {}, h('strong', {}, 'The cost: '),
        'anyone who can sign in at that browser with the member’s password skips the second factor too. Keep it short, or off, if people share computers.'),
      h('li', {}, h('strong', {}, 'Turning it off '),
        '(0 days) ends every remembered browser for good; turning it on again later does not bring them back. Members can also forget their own in their personal settings.'),
      h('li', {}, h('strong', {}, 'Changes that matter still ask: '),
        'removing a method, new recovery codes and other sensitive changes always ask for the second factor itself, never for a remembered browser.')),
    h('div', { class: 'grace' },
      field({
        label: 'Remember browsers for (days)',
        hint: 'From 0 to 30. 0 turns remembering off.',
        control: days,
      }),
      h('button', { type: 'button', class: 'button', id: 'remember-save', onclick: guard(save) },
        'Save remembered browsers')));
}
