// Personal settings: one card per area, each a module of its own (two-factor authentication,
// the profile). A new area, such as security keys or remembered browsers, is a new section
// module and a line in SECTIONS.

import { h } from '../../dom.js';
import { twoFactorSection } from './two-factor.js';
import { profileSection } from './profile.js';

const SECTIONS = [twoFactorSection, profileSection];

export function settingsScreen(app, status) {
  app.show('Personal settings', h('section', { class: 'panel', 'aria-labelledby': 'settings-title' },
    h('h1', { id: 'settings-title' }, 'Personal settings'),
    app.flashCallout(),
    SECTIONS.map((section) => section(app, status))));
}
