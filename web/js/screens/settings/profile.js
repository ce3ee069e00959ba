// Personal settings: who is signed in, as the identity provider said.

import { session } from '../../session.js';
import { h } from '../../dom.js';

export function profileSection(app) {
  const id = session.identity;
  return h('section', { class: 'card card--flat', 'aria-labelledby': 'settings-profile-title' },
    h('h2', { id: 'settings-profile-title' }, 'Your profile'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'User id'), h('dd', {}, id.sub),
      h('dt', {}, 'Email'), h('dd', {}, id.email || '—'),
      h('dt', {}, 'Organisation'), h('dd', {}, `${id.orgId} (${id.role})`),
      h('dt', {}, 'Signed in with'), h('dd', {}, app.methodName(id.amr)),
      h('dt', {}, 'Password'), h('dd', {}, app.hasPassword() ? 'Set' : 'Not set')),
    app.hasPassword() ? null : h('p', { class: 'field__hint' },
      'Admins need a password to confirm organisation security changes. In this demo, sign out and sign in again with “Has a password” ticked.'));
}
