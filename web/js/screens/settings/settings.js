// Personal settings: one card per area, each a module of its own (two-factor authentication,
// security keys and passkeys, remembered browsers, the profile). A new area is a new section
// module and a line in SECTIONS; a section that does not apply returns null.

import { h } from '../../dom.js';
import { twoFactorSection } from './two-factor.js';
import { securityKeysSection } from './security-keys.js';
import { rememberedBrowsersSection } from './remembered-browsers.js';
import { profileSection } from './profile.js';

const SECTIONS = [twoFactorSection, securityKeysSection, rememberedBrowsersSection, profileSection];

export function settingsScreen(app, status) {
  app.show('Personal settings', h('section', { class: 'panel', 'aria-labelledby': 'settings-title' },
    h('h1', { id: 'settings-title' }, 'Personal settings'),
    app.flashCallout(),
    SECTIONS.map((section) => section(app, status))));
}
