// Home once sign-in is complete (nextStep NONE): where the host product would begin. Shows the
// person's two-factor status and what they may want to do next.

import { session } from '../session.js';
import { h, plural, formatTime } from '../dom.js';
import { guarded } from '../busy.js';

export function homeScreen(app, status) {
  const id = session.identity;
  const notes = [];
  if (status.exempt) {
    notes.push(h('div', { class: 'callout callout--info' },
      'You signed in with SSO. Your identity provider checks your second factor, so keyfob does not ask you for a code.'));
  } else if (!status.enrolled) {
    notes.push(h('div', { class: 'callout callout--warning' },
      h('p', {}, status.enrollmentDeadline
        ? ['Your organisation requires two-factor authentication from ', h('strong', {}, formatTime(status.enrollmentDeadline)), '. Set it up before then.']
        : 'Two-factor authentication is off for your account. Turn it on so that a stolen password alone is not enough to get in.'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button button--primary', onclick: guarded(() => app.showEnroll('setup')) },
          'Set up two-factor authentication'))));
  } else if (status.recoveryCodesRemaining <= 3) {
    notes.push(h('div', { class: 'callout callout--warning' },
      `You have ${plural(status.recoveryCodesRemaining, 'recovery code', 'recovery codes')} left. `,
      h('a', { href: '#/settings' }, 'Generate a new set'), ' before you run out.'));
  }

  const cards = [
    h('li', { class: 'card' },
      h('h2', {}, h('a', { href: '#/settings' }, 'Personal settings')),
      h('p', {}, 'Set up your authenticator app or security keys and passkeys, get new recovery codes, forget remembered browsers, or turn two-factor authentication off.')),
  ];
  if (id.role === 'admin') {
    cards.push(h('li', { class: 'card' },
      h('h2', {}, h('a', { href: '#/org' }, 'Organisation settings')),
      h('p', {}, `Access Security for ${id.orgId}: require two-factor authentication, follow the rollout, and reset members who lost their phone.`)));
  }
  if (id.platformRole === 'support') {
    cards.push(h('li', { class: 'card' },
      h('h2', {}, h('a', { href: '#/support' }, 'Support')),
      h('p', {}, 'Reset anyone’s two-factor authentication after checking who they are.')));
  }

  app.show('Home', h('section', { class: 'panel', 'aria-labelledby': 'home-title' },
    h('h1', { id: 'home-title' }, `Welcome, ${id.sub}`),
    app.flashCallout(),
    h('p', { class: 'lead' }, 'You are signed in. This is where your product would start.'),
    h('dl', { class: 'facts facts--summary', id: 'home-summary' },
      h('dt', {}, 'Organisation'), h('dd', {}, `${id.orgId} (${id.role})`),
      h('dt', {}, 'Signed in with'), h('dd', {}, app.methodName(id.amr)),
      h('dt', {}, 'Two-factor authentication'), h('dd', { id: 'home-2fa' }, status.exempt
        ? 'Handled by your SSO provider'
        : status.enrolled
          ? `On · ${plural(status.recoveryCodesRemaining, 'recovery code', 'recovery codes')} left`
          : 'Off')),
    notes,
    h('ul', { class: 'cards' }, cards)));
}
