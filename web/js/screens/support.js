// Support staff (platform_role "support"): reset anyone's two-factor authentication, org
// admins included, with a ticket and a reason (POST /v1/support/two-factor/resets).

import { keyfob, problemOf } from '../api.js';
import { session } from '../session.js';
import { h, field, requiredValue, errorRegion, statusRegion, say } from '../dom.js';
import { guarded } from '../busy.js';

const OUTCOMES = {
  RESET: 'Reset. They set up two-factor authentication again at their next sign-in.',
  NOT_ENROLLED: 'Nothing to reset: this person has no two-factor authentication set up.',
};

export function supportScreen(app) {
  if (session.identity.platformRole !== 'support') {
    app.show('Support', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'support-title' },
      h('h1', { id: 'support-title' }, 'Support'),
      h('div', { class: 'callout callout--info' }, 'Only keyfob support staff can use this page.')));
    return;
  }
  const userId = h('input', { id: 'support-user', name: 'userId', class: 'input', spellcheck: 'false', autocapitalize: 'none' });
  const ticket = h('input', { id: 'support-ticket', name: 'ticket', class: 'input', maxlength: '128' });
  const reason = h('textarea', { id: 'support-reason', name: 'reason', class: 'input', rows: '2', maxlength: '500' });
  const errors = errorRegion();
  const result = statusRegion();
  result.id = 'support-result';

  app.show('Support', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'support-title' },
    h('h1', { id: 'support-title' }, 'Support: reset two-factor authentication'),
    h('p', { class: 'lead' }, 'Use this only after checking who the person is, for example when an organisation’s only admin is locked out.'),
    h('form', { class: 'stack', novalidate: true, onsubmit: guarded(submit) },
      field({ label: 'User id', control: userId }),
      field({ label: 'Ticket', hint: 'Your support ticket number.', control: ticket }),
      field({ label: 'Reason', hint: 'How you checked their identity. Recorded in the audit trail of each of their organisations.', control: reason }),
      errors,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button button--danger' }, 'Reset two-factor authentication')),
      result)));

  async function submit() {
    say(errors);
    say(result);
    const fields = [[userId, 'Enter the user id.'], [ticket, 'Enter the ticket number.'], [reason, 'Enter a reason.']];
    const values = fields.map(([input, message]) => requiredValue(input, message, { focus: false }));
    const firstMissing = values.indexOf(null);
    if (firstMissing >= 0) {
      fields[firstMissing][0].focus();
      return;
    }
    try {
      const answer = await app.call((token) => keyfob.supportReset(token, ...values));
      say(result, h('strong', {}, answer.userId), ': ', OUTCOMES[answer.status] || answer.status);
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        say(errors, problem.detail);
      }
    }
  }
}
