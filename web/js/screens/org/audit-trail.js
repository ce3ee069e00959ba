// The org's audit trail, newest first, paged.

import { keyfob } from '../../api.js';
import { h, timeEl } from '../../dom.js';
import { pager } from '../../components/pager.js';

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
  MEMBER_REMOVED: 'Removed from the organisation',
  WEBAUTHN_REGISTERED: 'Added a security key or passkey',
  WEBAUTHN_REMOVED: 'Removed a security key or passkey',
  WEBAUTHN_COUNTER_ERROR: 'Security key answered with an old counter',
  TOTP_REMOVED: 'Removed the authenticator app',
  REMEMBER_DEVICE_CHANGED: 'Remembered browsers setting changed',
  DEVICES_FORGOTTEN: 'Forgot remembered browsers',
};

/**
 * @param {object} app
 * @param {string} orgId
 * @returns {{element: HTMLElement, reload: () => Promise<void>}}
 */
export function auditTrail(app, orgId) {
  const events = h('ol', { class: 'audit', id: 'audit-events' });
  const pages = pager({
    list: events,
    fetchPage: async (cursor) => {
      const page = await app.call((token) => keyfob.auditEvents(token, orgId, cursor));
      return { items: page.events, nextCursor: page.nextCursor };
    },
    renderItem: eventItem,
    renderEmpty: () => h('li', { class: 'audit__empty' }, 'No events yet.'),
    moreId: 'audit-more',
    moreLabel: 'Load older events',
    describe: (n) => (n === 1 ? '1 event' : `${n} events`),
  });
  const element = h('section', { 'aria-labelledby': 'audit-title', class: 'two-factor-tab__audit' },
    h('h2', { id: 'audit-title' }, 'Audit trail'),
    h('p', { class: 'field__hint' }, 'Newest first.'),
    pages.errors,
    events,
    pages.more);
  return { element, reload: pages.reload };
}

function eventItem(e) {
  // By name: the API's details are a map, whose order may differ from one answer to the next.
  const details = Object.entries(e.details || {}).sort(([a], [b]) => a.localeCompare(b));
  return h('li', { class: 'audit__event', 'data-type': e.type },
    h('div', { class: 'audit__head' },
      h('span', { class: 'audit__what' }, EVENT_NAMES[e.type] || e.type),
      h('code', { class: 'audit__type' }, e.type)),
    h('div', { class: 'audit__meta' },
      timeEl(e.at, '—', { short: true }), ' · by ', h('strong', {}, e.actorId || 'keyfob'),
      e.targetUserId && e.targetUserId !== e.actorId ? [' · for ', h('strong', {}, e.targetUserId)] : null),
    details.length
      ? h('dl', { class: 'audit__details' }, details.map(([k, v]) => [h('dt', {}, k), h('dd', {}, detailText(v))]))
      : null);
}

/** A detail's value for people: lists joined, nested values as JSON, nothing as a dash. */
function detailText(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  if (Array.isArray(value)) {
    return value.map(detailText).join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
