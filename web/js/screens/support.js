// Support staff (platform_role "support"): reset anyone's two-factor authentication, org
// admins included, with a ticket and a reason (POST /v1/support/two-factor/resets). Support
// staff always use a second factor of their own (or SSO): without one, the page leads them to
// set it up first (keyfob answers 403 ENROLLMENT_REQUIRED otherwise); with one, sign-in has
// already asked for it, and a stale verification is asked again by app.call (MFA_REQUIRED).

import { keyfob, problemOf } from '../api.js';
import { session } from '../session.js';
import { h, field, requiredValue, errorRegion, statusRegion, say } from '../dom.js';
import { guarded } from '../busy.js';
import { webauthnSupported } from '../webauthn.js';

const OUTCOMES = {
  RESET: 'Reset. They set up two-factor authentication again at their next sign-in.',
  NOT_ENROLLED: 'Nothing to reset: this person has no two-factor authentication set up.',
};

export function supportScreen(app, status) {
  if (session.identity.platformRole !== 'support') {
    app.show('Support', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'support-title' },
      h('h1', { id: 'support-title' }, 'Support'),
      h('div', { class: 'callout callout--info' }, 'Only keyfob support staff can use this page.')));
    return;
  }
  if (status && !status.exempt && !status.enrolled) {
    secondFactorFirst(app);
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
    app.flashCallout(),
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

/** Support staff without a second factor: set one up before anything else. */
function secondFactorFirst(app) {
  app.show('Support', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'support-title' },
    h('h1', { id: 'support-title' }, 'Support: set up your second factor first'),
    app.flashCallout(),
    h('div', { class: 'callout callout--warning', id: 'support-needs-factor' },
      h('p', {}, h('strong', {}, 'Support staff always use a second factor. '),
        'Resetting someone else’s two-factor authentication is only possible once you have your own, whatever your organisation requires. keyfob refuses support resets from a sign-in without it.'),
      h('p', {}, 'Set it up now; it takes about two minutes. (Signing in with SSO also works: your identity provider then checks your second factor.)')),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'button button--primary', id: 'support-setup-app', onclick: guarded(() => app.showEnroll('support')) },
        'Set up an authenticator app'),
      webauthnSupported()
        ? h('button', { type: 'button', class: 'button', id: 'support-setup-key', onclick: () => app.showKeySetup('support') },
          'Set up a security key or passkey')
        : null)));
}
