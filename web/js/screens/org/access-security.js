// The Access Security tab: the org's 2FA requirement (behind a fresh password sign-in), its
// grace period and rollout progress, remembered browsers, and SSO, which excludes keyfob's 2FA
// while it is on.

import { keyfob, problemOf } from '../../api.js';
import { session } from '../../session.js';
import {
  h, fill, append, field, setFieldError, errorRegion, statusRegion, say, plural, timeEl,
} from '../../dom.js';
import { busyLock, guarded } from '../../busy.js';
import { switchRow } from '../../components/switch.js';
import { withFreshPassword } from './fresh-password.js';
import { rememberCard } from './remember-browsers.js';

/** Renders the tab into `panel`; loads the org's security settings first. */
export async function accessSecurityTab(app, orgId, panel) {
  fill(panel, h('p', { class: 'loading' }, 'Loading Access Security…'));
  let security;
  try {
    security = await app.call((token) => keyfob.orgSecurity(token, orgId));
  } catch (error) {
    const problem = problemOf(error);
    if (problem) {
      fill(panel, h('div', { class: 'callout callout--error', role: 'alert' }, problem.detail));
    }
    return;
  }
  const messages = statusRegion('form-status');
  messages.id = 'access-messages';
  const errors = errorRegion();
  errors.id = 'access-errors';
  // One change at a time: a second toggle while the first is being confirmed is dropped.
  const guard = busyLock();
  render(security);

  function render(sec, focusId) {
    // The settings as last answered: a change sends the 2FA requirement as it stands.
    security = sec;
    fill(panel, messages, errors, twoFactorCard(sec),
      rememberCard(sec, { orgId, guard, change: changeRemember }), ssoCard(sec));
    if (focusId) {
      const target = document.getElementById(focusId);
      if (target) {
        target.focus();
      }
    }
  }

  function twoFactorCard(sec) {
    const card = h('section', { class: 'card card--flat', 'aria-labelledby': 'tfa-title' },
      h('h2', { id: 'tfa-title' }, 'Two-factor authentication'));
    if (!sec.twoFactorAvailable) {
      return append(card, h('div', { class: 'callout callout--info', id: 'tfa-unavailable' },
        h('p', {}, h('strong', {}, 'Not available while single sign-on (SSO) is on. '),
          'People who sign in with SSO are verified by your identity provider, so keyfob’s two-factor authentication does not apply to them. To require it, turn SSO off first.')));
    }
    const grace = h('input', {
      type: 'number', id: 'tfa-grace', name: 'gracePeriodDays', class: 'input input--short',
      min: '0', max: '30', step: '1', inputmode: 'numeric', value: String(sec.gracePeriodDays ?? 0),
    });
    return append(card,
      switchRow({
        id: 'tfa-toggle', label: `Require two-factor authentication for everyone in ${orgId}`,
        checked: sec.twoFactorRequired, describedBy: 'tfa-desc',
        onToggle: guard(() => changeTwoFactor(!sec.twoFactorRequired, grace)),
      }),
      h('p', { id: 'tfa-desc', class: 'field__hint' }, sec.twoFactorRequired
        ? 'On. Everyone who signs in with a password, Google or a magic link needs a second factor: a code from an authenticator app, or a security key or passkey. People who sign in with SSO are verified by your identity provider instead.'
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
          ? h('button', {
            type: 'button', class: 'button', id: 'tfa-grace-save',
            onclick: guard(() => changeTwoFactor(true, grace)),
          }, 'Save grace period')
          : null),
      rollout(sec));
  }

  function ssoCard(sec) {
    return h('section', { class: 'card card--flat', 'aria-labelledby': 'sso-title' },
      h('h2', { id: 'sso-title' }, 'Single sign-on (SSO)'),
      switchRow({
        id: 'sso-toggle', label: 'Sign in with SSO', checked: sec.ssoEnabled, describedBy: 'sso-desc',
        onToggle: guard(() => changeSso(!sec.ssoEnabled)),
      }),
      h('p', { id: 'sso-desc', class: 'field__hint' },
        'SSO and keyfob’s two-factor requirement exclude each other: with SSO on, your identity provider handles the second factor.'));
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
    render(updated, 'tfa-toggle');
    say(messages, !enabled
      ? `Two-factor authentication is no longer required in ${orgId}.`
      : updated.gracePeriodDays > 0
        ? `Two-factor authentication is required in ${orgId} after a grace period of ${plural(updated.gracePeriodDays, 'day', 'days')}.`
        : `Two-factor authentication is now required in ${orgId}. Members without it set it up at their next sign-in.`);
    await offerOwnSetup();
  }

  async function changeRemember(days) {
    say(errors);
    say(messages);
    const updated = await withFreshPassword(app, errors,
      (token) => keyfob.setRememberDevice(token, orgId, security.twoFactorRequired, days));
    if (!updated) {
      refocus();
      return;
    }
    render(updated, 'remember-days');
    say(messages, updated.rememberDeviceDays > 0
      ? `Members of ${orgId} can have a browser remembered for ${plural(updated.rememberDeviceDays, 'day', 'days')}.`
      : `Remembering browsers is off in ${orgId}. Every browser remembered so far asks for the second factor again.`);
  }

  async function changeSso(enabled) {
    say(errors);
    say(messages);
    const updated = await withFreshPassword(app, errors, (token) => keyfob.setSso(token, orgId, enabled));
    if (!updated) {
      refocus();
      return;
    }
    render(updated, 'sso-toggle');
    say(messages, enabled ? `SSO is on for ${orgId}.` : `SSO is off for ${orgId}.`);
  }

  // After 2FA became required at once, an admin without a factor must set it up too.
  async function offerOwnSetup() {
    let status;
    try {
      status = await keyfob.status(session.token);
    } catch {
      return; // The next screen change asks again.
    }
    app.status = status;
    if (status.nextStep === 'ENROLL') {
      append(messages, h('p', {}, 'You have not set it up yourself yet, so you need to do that now. ',
        h('button', { type: 'button', class: 'link-button', onclick: guarded(() => app.route()) }, 'Set up my two-factor authentication')));
    }
  }

  function refocus() {
    if (errors.textContent) {
      errors.setAttribute('tabindex', '-1');
      errors.focus();
    }
  }
}

function rollout(sec) {
  const members = sec.members || 0;
  const enrolled = sec.membersEnrolled || 0;
  return h('div', { class: 'rollout', id: 'tfa-rollout' },
    h('h3', {}, 'Rollout'),
    h('progress', { max: String(Math.max(members, 1)), value: String(enrolled), 'aria-labelledby': 'tfa-rollout-text' }),
    h('p', { id: 'tfa-rollout-text' }, `${enrolled} of ${plural(members, 'member has', 'members have')} set up two-factor authentication.`));
}
