// Organisation settings for admins: a tab per area (Access Security, 2FA). Each tab is a module
// of its own, rendered the first time it is selected; the address follows the selected tab.

import { session } from '../../session.js';
import { h } from '../../dom.js';
import { tabs } from '../../components/tabs.js';
import { accessSecurityTab } from './access-security.js';
import { twoFactorTab } from './two-factor-tab.js';

const TABS = [
  { key: 'access-security', label: 'Access Security', hash: '#/org', render: accessSecurityTab },
  { key: 'two-factor', label: '2FA', hash: '#/org/two-factor', render: twoFactorTab },
];

/**
 * @param {object} app
 * @param {string|undefined} tabKey the tab named in the address (#/org/<tabKey>); the first by default
 */
export function orgScreen(app, tabKey) {
  const id = session.identity;
  if (id.role !== 'admin') {
    app.show('Organisation settings', h('section', { class: 'panel', 'aria-labelledby': 'org-title' },
      h('h1', { id: 'org-title' }, 'Organisation settings'),
      h('div', { class: 'callout callout--info' }, 'Only admins of your organisation can change its settings.')));
    return;
  }
  const orgId = id.orgId;
  const strip = tabs({
    label: 'Organisation settings',
    items: TABS.map((tab) => ({ ...tab, render: (panel) => tab.render(app, orgId, panel) })),
    onSelect: (key) => history.replaceState(null, '', TABS.find((tab) => tab.key === key).hash),
  });
  app.show('Organisation settings', h('section', { class: 'panel panel--wide', 'aria-labelledby': 'org-title' },
    h('h1', { id: 'org-title' }, 'Organisation settings ', h('span', { class: 'subtle' }, `· ${orgId}`)),
    app.flashCallout(),
    strip.tablist,
    strip.panels));
  strip.select(TABS.some((tab) => tab.key === tabKey) ? tabKey : TABS[0].key, false);
}
