// Remove the selected members from the organisation (DELETE /v1/orgs/{orgId}/members/{userId}):
// keyfob forgets that they belong to it. Their second factor is untouched. After a
// confirmation, one request per member, and what happened to each.

import { keyfob, problemOf } from '../../api.js';
import { h, say, announce, plural } from '../../dom.js';
import { guarded } from '../../busy.js';
import { formRegions, selectedIds } from './selected-members.js';
import { confirmAction } from '../../dialogs.js';

/**
 * @param {object} app
 * @param {string} orgId
 * @param {import('./members.js').Selection} selection who to remove
 * @param {() => Promise<void>} onDone called after any removal, to show the new state
 * @returns {HTMLElement} the form
 */
export function removeForm(app, orgId, selection, onDone) {
  const { errors, results } = formRegions('remove');

  async function remove() {
    say(errors);
    say(results);
    const userIds = selectedIds(selection, errors);
    if (userIds === null) {
      return;
    }
    const ok = await confirmAction({
      title: `Remove ${plural(userIds.length, 'member', 'members')} from ${orgId}?`,
      message: [
        `keyfob forgets that ${userIds.join(', ')} ${userIds.length === 1 ? 'belongs' : 'belong'} to ${orgId}: they leave this list and its counts, and other organisations’ admins no longer see ${orgId} as another organisation of theirs.`,
        'Their two-factor authentication is not changed. If they use your product with this organisation again, they appear here again.',
      ],
      confirmLabel: 'Remove from organisation',
      danger: true,
    });
    if (!ok) {
      return;
    }
    const outcomes = [];
    for (const userId of userIds) {
      try {
        await app.call((token) => keyfob.removeMember(token, orgId, userId));
        outcomes.push({ userId, status: 'REMOVED', text: `Removed from ${orgId}.` });
      } catch (error) {
        const problem = problemOf(error);
        if (!problem) {
          break;
        }
        outcomes.push({
          userId,
          status: problem.code,
          text: problem.code === 'NOT_A_MEMBER' ? 'Not removed: not a member of this organisation (any more).' : `Not removed: ${problem.detail}`,
        });
      }
    }
    if (outcomes.length) {
      say(results,
        h('h4', {}, 'Results'),
        h('ul', { class: 'reset-results' }, outcomes.map((o) =>
          h('li', { 'data-user-id': o.userId, 'data-status': o.status }, h('strong', {}, o.userId), ': ', o.text))));
      const done = outcomes.filter((o) => o.status === 'REMOVED').length;
      announce(`${plural(done, 'member', 'members')} removed.`);
      await onDone();
    }
  }

  return h('form', { class: 'card card--flat stack', novalidate: true, onsubmit: guarded(remove), 'aria-labelledby': 'remove-title' },
    h('h3', { id: 'remove-title' }, 'Remove from organisation'),
    h('p', {}, 'For people who left the organisation: keyfob forgets that they belong to it. Their two-factor authentication stays as it is.'),
    errors,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'button button--danger', id: 'remove-submit' }, 'Remove from organisation')),
    results);
}
