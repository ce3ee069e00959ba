// Reset the two-factor authentication of the selected members, with a reason for the audit
// trail, and show what happened to each of them. A member who also belongs to another
// organisation cannot be reset here (OTHER_ORGS): the form says so as soon as one is selected.

import { keyfob, problemOf } from '../../api.js';
import {
  h, field, requiredValue, say, announce, plural,
} from '../../dom.js';
import { guarded } from '../../busy.js';
import { formRegions, selectedIds } from './selected-members.js';

const OUTCOMES = {
  RESET: 'Reset. They will set up two-factor authentication again at their next sign-in.',
  NOT_ENROLLED: 'Nothing to reset: two-factor authentication was not set up.',
  NOT_A_MEMBER: 'Not reset: not a member of this organisation.',
  SELF: 'Not reset: you cannot reset yourself here. Use your personal settings instead.',
  OTHER_ORGS: 'Not reset: they also belong to another organisation, and admins can only reset members who belong to this organisation alone. Ask keyfob support to reset them.',
};

/**
 * @param {object} app
 * @param {string} orgId
 * @param {import('./members.js').Selection} selection who to reset
 * @param {() => Promise<void>} onDone called after a reset went through, to show the new state
 * @returns {HTMLElement} the form
 */
export function resetForm(app, orgId, selection, onDone) {
  const count = h('p', { id: 'reset-count', class: 'field__hint', 'aria-live': 'polite' }, 'No members selected.');
  const othersNote = h('p', { id: 'reset-other-orgs', class: 'callout callout--info', hidden: true });
  selection.onChange((n) => {
    count.textContent = n === 0 ? 'No members selected.' : `${plural(n, 'member', 'members')} selected.`;
    const others = selection.inOtherOrgs();
    othersNote.hidden = others.length === 0;
    othersNote.textContent = others.length === 0 ? ''
      : `${others.join(', ')} ${others.length === 1 ? 'also belongs' : 'also belong'} to other organisations. Admins can only reset members who belong to this organisation alone, so a reset here leaves them as they are. keyfob support can reset them.`;
  });
  const reason = h('textarea', { id: 'reset-reason', name: 'reason', class: 'input', rows: '2', maxlength: '500' });
  const { errors, results } = formRegions('reset');

  async function reset() {
    say(errors);
    say(results);
    const userIds = selectedIds(selection, errors);
    if (userIds === null) {
      return;
    }
    const why = requiredValue(reason, 'Give a reason: it goes into the audit trail.');
    if (why === null) {
      return;
    }
    let answer;
    try {
      answer = await app.call((token) => keyfob.resets(token, orgId, userIds, why));
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        say(errors, problem.detail);
      }
      return;
    }
    reason.value = '';
    say(results,
      h('h4', {}, 'Results'),
      h('ul', { class: 'reset-results' }, answer.results.map((r) =>
        h('li', { 'data-user-id': r.userId, 'data-status': r.status },
          h('strong', {}, r.userId), ': ', OUTCOMES[r.status] || r.status))));
    const done = answer.results.filter((r) => r.status === 'RESET').length;
    announce(`${plural(done, 'member', 'members')} reset.`);
    await onDone();
  }

  return h('form', { class: 'card card--flat stack', novalidate: true, onsubmit: guarded(reset), 'aria-labelledby': 'reset-title' },
    h('h3', { id: 'reset-title' }, 'Reset two-factor authentication'),
    h('p', {}, 'For members who lost their phone, their security key or their codes: their app, keys and recovery codes stop working, and they set up again at their next sign-in.'),
    count,
    othersNote,
    field({ label: 'Reason', hint: 'Recorded in the audit trail, e.g. “lost phone, identity checked on a video call”.', control: reason }),
    errors,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button button--danger', id: 'reset-submit' }, 'Reset two-factor authentication')),
    results);
}
