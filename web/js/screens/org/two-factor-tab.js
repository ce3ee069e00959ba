// The 2FA tab: the members with their status and the actions on the selected ones, beside the
// audit trail. After an action both lists load again, so the tab shows what it changed.

import { h, fill } from '../../dom.js';
import { membersSection } from './members.js';
import { resetForm } from './reset-form.js';
import { removeForm } from './remove-form.js';
import { auditTrail } from './audit-trail.js';

/** Renders the tab into `panel`. */
export function twoFactorTab(app, orgId, panel) {
  const members = membersSection(app, orgId);
  const audit = auditTrail(app, orgId);
  const reloadBoth = () => Promise.all([members.reload(), audit.reload()]);
  panel.classList.add('two-factor-tab');
  fill(panel,
    h('div', { class: 'two-factor-tab__members' },
      members.element,
      resetForm(app, orgId, members.selection, reloadBoth),
      removeForm(app, orgId, members.selection, reloadBoth)),
    audit.element);
  reloadBoth();
}
