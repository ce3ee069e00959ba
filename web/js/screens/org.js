// Organisation settings for admins: the Access Security tab (the 2FA requirement behind a
// fresh password sign-in, grace period, rollout progress, SSO) and the 2FA tab (members with
// their status, multi-select reset with a reason, and the audit trail, newest first).

import { keyfob, problemOf } from '../api.js';
import { session } from '../session.js';
import {
  h, field, setFieldError, errorRegion, statusRegion, say, announce, plural, timeEl,
} from '../dom.js';

const TABS = [
  { key: 'access-security', label: 'Access Security' },
  { key: 'two-factor', label: '2FA' },
];

const EVENT_NAMES = {
  TWO_FACTOR_ENABLED: 'Two-factor authentication required',
  TWO_FACTOR_DISABLED: 'Two-factor authentication no longer required',
  TWO_FACTOR_GRACE_PERIOD_CHANGED: 'Grace period changed',
  SSO_ENABLED: 'SSO turned on',
  SSO_DISABLED: 'SSO turned off',
  ENROLLMENT_COMPLETED: 'Set up two-factor authentication',
  METHOD_CHANGED: 'Changed authenticator app',
  FACTOR_REMOVED: 'Removed two-factor authentication',
  RECOVERY_CODE_USED: 'Signed in with a recovery code',
  RECOVERY_CODES_REGENERATED: 'Generated new recovery codes',
  LOCKED: 'Locked after wrong codes',
  ADMIN_RESET: 'Two-factor authentication reset by an admin',
  SUPPORT_RESET: 'Two-factor authentication reset by support',
};

const RESET_OUTCOMES = {
  RESET: 'Reset. They will set up two-factor authentication again at their next sign-in.',
  NOT_ENROLLED: 'Nothing to reset: two-factor authentication was not set up.',
  NOT_A_MEMBER: 'Not reset: not a member of this organisation.',
  SELF: 'Not reset: you cannot reset yourself here. Use your personal settings instead.',
};

export function orgScreen(app, status, initialTab) {
  const id = session.identity;
  const orgId = id.orgId;
  if (id.role !== 'admin') {
    app.show('Organisation settings', h('section', { class: 'panel', 'aria-labelledby': 'org-title' },
      h('h1', { id: 'org-title' }, 'Organisation settings'),
      h('div', { class: 'callout callout--info' }, 'Only admins of your organisation can change its settings.')));
    return;
  }

  const tabButtons = [];
  const panels = {};
  const tablist = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Organisation settings', onkeydown: tabKeys });
  for (const tab of TABS) {
    const button = h('button', {
      type: 'button', role: 'tab', id: `tab-${tab.key}`, 'aria-controls': `panel-${tab.key}`,
      class: 'tab', onclick: () => select(tab.key, true),
    }, tab.label);
    tabButtons.push(button);
    tablist.append(button);
    panels[tab.key] = h('div', {
      role: 'tabpanel', id: `panel-${tab.key}`, 'aria-labelledby': `tab-${tab.key}`, tabindex: '0', class: 'tabpanel',
    });
  }
  const loaded = {};

  app.show('Organisation settings', h('section', { class: 'panel panel--wide', 'aria-labelledby': 'org-title' },
    h('h1', { id: 'org-title' }, 'Organisation settings ', h('span', { class: 'subtle' }, `· ${orgId}`)),
    app.flashCallout(),
    tablist,
    Object.values(panels)));
  select(initialTab, false);

  function select(key, moveFocus) {
    for (const button of tabButtons) {
      const selected = button.id === `tab-${key}`;
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
      if (selected && moveFocus) {
        button.focus();
      }
    }
    for (const [panelKey, panel] of Object.entries(panels)) {
      panel.hidden = panelKey !== key;
    }
    history.replaceState(null, '', key === 'two-factor' ? '#/org/two-factor' : '#/org');
    if (!loaded[key]) {
      loaded[key] = true;
      if (key === 'two-factor') {
        twoFactorTab(app, orgId, panels[key]);
      } else {
        accessSecurityTab(app, orgId, panels[key]);
      }
    }
  }

  function tabKeys(event) {
    const index = tabButtons.indexOf(document.activeElement);
    if (index < 0) {
      return;
    }
    let next = null;
    if (event.key === 'ArrowRight') {
      next = (index + 1) % tabButtons.length;
    } else if (event.key === 'ArrowLeft') {
      next = (index - 1 + tabButtons.length) % tabButtons.length;
    } else if (event.key === 'Home') {
      next = 0;
    } else if (event.key === 'End') {
      next = tabButtons.length - 1;
    }
    if (next !== null) {
      event.preventDefault();
      select(TABS[next].key, true);
    }
  }
}

/* ------------------------------------------------------------------ Access Security */

async function accessSecurityTab(app, orgId, panel) {
  panel.replaceChildren(h('p', { class: 'loading' }, 'Loading Access Security…'));
  let security;
  try {
    security = await app.call((token) => keyfob.orgSecurity(token, orgId));
  } catch (error) {
    const problem = problemOf(error);
    if (problem) {
      panel.replaceChildren(h('div', { class: 'callout callout--error', role: 'alert' }, problem.detail));
    }
    return;
  }
  const messages = statusRegion('form-status');
  messages.id = 'access-messages';
  const errors = errorRegion();
  errors.id = 'access-errors';
  render(security);

  function render(sec, focusId) {
    const twoFactor = h('section', { class: 'card card--flat', 'aria-labelledby': 'tfa-title' },
      h('h2', { id: 'tfa-title' }, 'Two-factor authentication'));
    if (sec.twoFactorAvailable) {
      const grace = h('input', {
        type: 'number', id: 'tfa-grace', name: 'gracePeriodDays', class: 'input input--short',
        min: '0', max: '30', step: '1', inputmode: 'numeric', value: String(sec.gracePeriodDays ?? 0),
      });
      twoFactor.append(
        switchRow({
          id: 'tfa-toggle', label: `Require two-factor authentication for everyone in ${orgId}`,
          checked: sec.twoFactorRequired, describedBy: 'tfa-desc',
          onToggle: () => changeTwoFactor(!sec.twoFactorRequired, grace),
        }),
        h('p', { id: 'tfa-desc', class: 'field__hint' }, sec.twoFactorRequired
          ? 'On. Everyone who signs in with a password, Google or a magic link needs a code from an authenticator app. People who sign in with SSO are verified by your identity provider instead.'
          : 'Off. When you turn it on, members who have not set up two-factor authentication are asked to do so at their next sign-in, and cannot continue until they have.'),
        sec.twoFactorRequired
          ? h('p', { id: 'tfa-since' }, 'Required since ', timeEl(sec.enforcedSince),
            sec.changedBy ? [' · last changed by ', h('strong', {}, sec.changedBy), ' on ', timeEl(sec.changedAt)] : null)
          : null,
        h('div', { class: 'grace' },
          field({
            label: 'Grace period (days)',
            hint: 'From 0 to 30. During the grace period members without two-factor authentication can still sign in, and are reminded to set it up. 0 means at their next sign-in.',
            control: grace,
          }),
          sec.twoFactorRequired
            ? h('button', { type: 'button', class: 'button', id: 'tfa-grace-save', onclick: () => changeTwoFactor(true, grace) }, 'Save grace period')
            : null),
        rollout(sec));
    } else {
      twoFactor.append(h('div', { class: 'callout callout--info', id: 'tfa-unavailable' },
        h('p', {}, h('strong', {}, 'Not available while single sign-on (SSO) is on. '),
          'People who sign in with SSO are verified by your identity provider, so keyfob’s two-factor authentication does not apply to them. To require it, turn SSO off first.')));
    }

    const sso = h('section', { class: 'card card--flat', 'aria-labelledby': 'sso-title' },
      h('h2', { id: 'sso-title' }, 'Single sign-on (SSO)'),
      switchRow({
        id: 'sso-toggle', label: 'Sign in with SSO', checked: sec.ssoEnabled, describedBy: 'sso-desc',
        onToggle: () => changeSso(!sec.ssoEnabled),
      }),
      h('p', { id: 'sso-desc', class: 'field__hint' },
        'SSO and keyfob’s two-factor requirement exclude each other: with SSO on, your identity provider handles the second factor.'));

    panel.replaceChildren(messages, errors, twoFactor, sso);
    if (focusId) {
      const target = document.getElementById(focusId);
      if (target) {
        target.focus();
      }
    }
  }

  async function changeTwoFactor(enabled, graceInput) {
    say(errors);
    say(messages);
    let grace = 0;
    if (enabled) {
      const raw = graceInput.value.trim();
      grace = Number(raw);
      if (raw === '' || !Number.isInteger(grace) || grace < 0 || grace > 30) {
        setFieldError(graceInput, 'Enter a whole number of days from 0 to 30.');
        graceInput.focus();
        return;
      }
      setFieldError(graceInput, '');
    }
    const updated = await withFreshPassword(app, errors,
      (token) => keyfob.setTwoFactor(token, orgId, enabled, grace));
    if (!updated) {
      refocus();
      return;
    }
    security = updated;
    render(updated, 'tfa-toggle');
    const text = !enabled
      ? `Two-factor authentication is no longer required in ${orgId}.`
      : updated.gracePeriodDays > 0
        ? `Two-factor authentication is required in ${orgId} after a grace period of ${plural(updated.gracePeriodDays, 'day', 'days')}.`
        : `Two-factor authentication is now required in ${orgId}. Members without it set it up at their next sign-in.`;
    say(messages, text);
    await offerOwnSetup();
  }

  async function changeSso(enabled) {
    say(errors);
    say(messages);
    const updated = await withFreshPassword(app, errors, (token) => keyfob.setSso(token, orgId, enabled));
    if (!updated) {
      refocus();
      return;
    }
    security = updated;
    render(updated, 'sso-toggle');
    say(messages, enabled ? `SSO is on for ${orgId}.` : `SSO is off for ${orgId}.`);
  }

  // After 2FA became required at once, an admin without a factor must set it up too.
  async function offerOwnSetup() {
    try {
      const status = await keyfob.status(session.token);
      app.status = status;
      if (status.nextStep === 'ENROLL') {
        messages.append(h('p', {}, 'You have not set it up yourself yet, so you need to do that now. ',
          h('button', { type: 'button', class: 'link-button', onclick: () => app.route() }, 'Set up my two-factor authentication')));
      }
    } catch {
      // The next screen change asks again.
    }
  }

  function refocus() {
    if (errors.textContent) {
      errors.setAttribute('tabindex', '-1');
      errors.focus();
    }
  }
}

/**
 * Runs an organisation security change that needs a fresh password sign-in. A person with a
 * password always confirms it first (and a code when they have a factor); for someone without
 * one, keyfob's 403 PASSWORD_REQUIRED explains what to do. Resolves the answer, or null.
 */
async function withFreshPassword(app, errors, change) {
  if (app.hasPassword()) {
    if (!(await app.verifyPassword())) {
      return null;
    }
  }
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return await app.call(change);
    } catch (caught) {
      const error = problemOf(caught);
      if (!error) {
        return null;
      }
      if (error.code === 'STEP_UP_REQUIRED' && attempt === 0 && app.hasPassword()) {
        if (!(await app.verifyPassword())) {
          return null;
        }
        continue;
      }
      if (error.code === 'PASSWORD_REQUIRED') {
        say(errors, h('strong', {}, 'Set a password first. '), error.detail, ' ',
          'In this demo: sign out, then sign in again with “Has a password” ticked.');
      } else {
        say(errors, error.detail);
      }
      return null;
    }
  }
  return null;
}

function switchRow({ id, label, checked, describedBy, onToggle }) {
  const labelId = `${id}-label`;
  return h('div', { class: 'switch-row' },
    h('span', { id: labelId, class: 'switch-row__label' }, label),
    h('button', {
      type: 'button', role: 'switch', id, class: 'switch', 'aria-checked': String(Boolean(checked)),
      'aria-labelledby': labelId, 'aria-describedby': describedBy, onclick: onToggle,
    }, h('span', { class: 'switch__track', 'aria-hidden': 'true' }, h('span', { class: 'switch__thumb' })),
    h('span', { class: 'switch__state', 'aria-hidden': 'true' }, checked ? 'On' : 'Off')));
}

function rollout(sec) {
  const members = sec.members || 0;
  const enrolled = sec.membersEnrolled || 0;
  return h('div', { class: 'rollout', id: 'tfa-rollout' },
    h('h3', {}, 'Rollout'),
    h('progress', { max: String(Math.max(members, 1)), value: String(enrolled), 'aria-labelledby': 'tfa-rollout-text' }),
    h('p', { id: 'tfa-rollout-text' }, `${enrolled} of ${plural(members, 'member has', 'members have')} set up two-factor authentication.`));
}

/* ------------------------------------------------------------------ 2FA tab */

function twoFactorTab(app, orgId, panel) {
  const me = session.identity.sub;
  const selected = new Set();
  let membersCursor = null;

  const tbody = h('tbody');
  const selectAll = h('input', { type: 'checkbox', id: 'members-select-all', onchange: () => {
    for (const box of tbody.querySelectorAll('input[type=checkbox]')) {
      box.checked = selectAll.checked;
      toggle(box.value, box.checked);
    }
  } });
  const table = h('table', { class: 'table members', id: 'members-table' },
    h('caption', { class: 'visually-hidden' }, `Everyone who has signed in to ${orgId}, with their two-factor authentication`),
    h('thead', {}, h('tr', {},
      h('td', { class: 'table__select' }, h('span', { class: 'visually-hidden' }, 'Select')),
      h('th', { scope: 'col' }, 'Member'),
      h('th', { scope: 'col' }, 'Two-factor'),
      h('th', { scope: 'col' }, 'Codes left'),
      h('th', { scope: 'col' }, 'Last verified'),
      h('th', { scope: 'col' }, 'Locked'))),
    tbody);
  const moreMembers = h('button', { type: 'button', class: 'button', id: 'members-more', hidden: true, onclick: () => loadMembers(false) }, 'Load more members');
  const membersErrors = errorRegion();

  const count = h('p', { id: 'reset-count', class: 'field__hint', 'aria-live': 'polite' }, 'No members selected.');
  const reason = h('textarea', { id: 'reset-reason', name: 'reason', class: 'input', rows: '2', maxlength: '500' });
  const resetErrors = errorRegion();
  resetErrors.id = 'reset-errors';
  const results = statusRegion('results');
  results.id = 'reset-results';
  const resetButton = h('button', { type: 'submit', class: 'button button--danger', id: 'reset-submit' }, 'Reset two-factor authentication');
  const resetForm = h('form', { class: 'card card--flat stack', novalidate: true, onsubmit: reset, 'aria-labelledby': 'reset-title' },
    h('h3', { id: 'reset-title' }, 'Reset two-factor authentication'),
    h('p', {}, 'For members who lost their phone or their codes: their app and recovery codes stop working, and they set up again at their next sign-in.'),
    count,
    field({ label: 'Reason', hint: 'Recorded in the audit trail, e.g. “lost phone, identity checked on a video call”.', control: reason }),
    resetErrors,
    h('div', { class: 'actions' }, resetButton),
    results);

  const events = h('ol', { class: 'audit', id: 'audit-events' });
  const moreEvents = h('button', { type: 'button', class: 'button', id: 'audit-more', hidden: true, onclick: () => loadEvents(false) }, 'Load older events');
  const auditErrors = errorRegion();
  let eventsCursor = null;

  panel.classList.add('two-factor-tab');
  panel.replaceChildren(
    h('section', { 'aria-labelledby': 'members-title', class: 'two-factor-tab__members' },
      h('div', { class: 'section-head' },
        h('h2', { id: 'members-title' }, 'Members'),
        h('div', { class: 'check' }, selectAll, h('label', { for: selectAll.id }, 'Select all members shown'))),
      membersErrors,
      h('div', { class: 'table-wrap' }, table),
      moreMembers,
      resetForm),
    h('section', { 'aria-labelledby': 'audit-title', class: 'two-factor-tab__audit' },
      h('h2', { id: 'audit-title' }, 'Audit trail'),
      h('p', { class: 'field__hint' }, 'Newest first.'),
      auditErrors,
      events,
      moreEvents));

  loadMembers(true);
  loadEvents(true);

  async function loadMembers(fresh) {
    say(membersErrors);
    try {
      const page = await app.call((token) => keyfob.members(token, orgId, fresh ? null : membersCursor));
      if (fresh) {
        tbody.replaceChildren();
        selected.clear();
        selectAll.checked = false;
        updateCount();
      }
      for (const member of page.members) {
        tbody.append(memberRow(member));
      }
      if (!tbody.children.length) {
        tbody.append(h('tr', {}, h('td', { colspan: '6' }, 'No members yet.')));
      }
      membersCursor = page.nextCursor;
      moreMembers.hidden = !membersCursor;
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        say(membersErrors, problem.detail);
      }
    }
  }

  function memberRow(m) {
    const box = h('input', {
      type: 'checkbox', value: m.userId, id: `member-${m.userId}`, name: 'userIds',
      onchange: (event) => toggle(m.userId, event.target.checked),
    });
    const locked = m.lockedUntil && Date.parse(m.lockedUntil) > Date.now();
    return h('tr', { 'data-user-id': m.userId },
      h('td', { class: 'table__select' }, box,
        h('label', { for: box.id, class: 'visually-hidden' }, `Select ${m.userId}`)),
      h('th', { scope: 'row', 'data-label': 'Member' },
        h('span', { class: 'member__id' }, m.userId, m.userId === me ? h('span', { class: 'subtle' }, ' (you)') : null),
        m.email ? h('span', { class: 'member__email' }, m.email) : null),
      h('td', { 'data-label': 'Two-factor' }, m.enrolled
        ? h('span', { class: 'badge badge--on' }, 'Set up')
        : h('span', { class: 'badge badge--off' }, 'Not set up')),
      h('td', { 'data-label': 'Recovery codes left' }, m.enrolled ? String(m.recoveryCodesRemaining) : '—'),
      h('td', { 'data-label': 'Last verified' }, timeEl(m.lastVerifiedAt, 'Never', { short: true })),
      h('td', { 'data-label': 'Locked' }, m.lockedPermanently ? 'Until reset'
        : locked ? ['until ', timeEl(m.lockedUntil, '', { short: true })] : 'No'));
  }

  function toggle(userId, on) {
    if (on) {
      selected.add(userId);
    } else {
      selected.delete(userId);
    }
    updateCount();
  }

  function updateCount() {
    count.textContent = selected.size === 0 ? 'No members selected.' : `${plural(selected.size, 'member', 'members')} selected.`;
  }

  async function reset(event) {
    event.preventDefault();
    say(resetErrors);
    say(results);
    const why = reason.value.trim();
    if (selected.size === 0) {
      say(resetErrors, 'Select at least one member in the table above.');
      const first = tbody.querySelector('input[type=checkbox]');
      if (first) {
        first.focus();
      }
      return;
    }
    if (!why) {
      setFieldError(reason, 'Give a reason: it goes into the audit trail.');
      reason.focus();
      return;
    }
    setFieldError(reason, '');
    resetButton.setAttribute('aria-disabled', 'true');
    try {
      const answer = await app.call((token) => keyfob.resets(token, orgId, [...selected], why));
      reason.value = '';
      say(results,
        h('h4', {}, 'Results'),
        h('ul', { class: 'reset-results' }, answer.results.map((r) =>
          h('li', { 'data-user-id': r.userId, 'data-status': r.status },
            h('strong', {}, r.userId), ': ', RESET_OUTCOMES[r.status] || r.status))));
      const done = answer.results.filter((r) => r.status === 'RESET').length;
      announce(`${plural(done, 'member', 'members')} reset.`);
      await Promise.all([loadMembers(true), loadEvents(true)]);
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        say(resetErrors, problem.detail);
      }
    } finally {
      resetButton.removeAttribute('aria-disabled');
    }
  }

  async function loadEvents(fresh) {
    say(auditErrors);
    try {
      const page = await app.call((token) => keyfob.auditEvents(token, orgId, fresh ? null : eventsCursor));
      if (fresh) {
        events.replaceChildren();
      }
      for (const e of page.events) {
        events.append(eventItem(e));
      }
      if (!events.children.length) {
        events.append(h('li', { class: 'audit__empty' }, 'No events yet.'));
      }
      eventsCursor = page.nextCursor;
      moreEvents.hidden = !eventsCursor;
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        say(auditErrors, problem.detail);
      }
    }
  }

  function eventItem(e) {
    const details = Object.entries(e.details || {});
    return h('li', { class: 'audit__event', 'data-type': e.type },
      h('div', { class: 'audit__head' },
        h('span', { class: 'audit__what' }, EVENT_NAMES[e.type] || e.type),
        h('code', { class: 'audit__type' }, e.type)),
      h('div', { class: 'audit__meta' },
        timeEl(e.at, '—', { short: true }), ' · by ', h('strong', {}, e.actorId || 'keyfob'),
        e.targetUserId && e.targetUserId !== e.actorId ? [' · for ', h('strong', {}, e.targetUserId)] : null),
      details.length
        ? h('dl', { class: 'audit__details' }, details.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]))
        : null);
  }
}

