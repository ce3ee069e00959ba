// The org's members with their two-factor state and methods, paged, with a selection that the
// actions below the table (reset, remove from the organisation) work on. A member who also
// belongs to another organisation says so: only support can reset them.

import { keyfob } from '../../api.js';
import { msUntil } from '../../clock.js';
import { session } from '../../session.js';
import { h, timeEl, plural } from '../../dom.js';
import { pager } from '../../components/pager.js';

const COLUMNS = ['Member', 'Two-factor', 'Methods', 'Codes left', 'Last verified', 'Locked'];

/**
 * @param {object} app
 * @param {string} orgId
 * @returns {{element: HTMLElement, selection: Selection, reload: () => Promise<void>}}
 *   the section, the selected members and reload(), which also clears the selection
 *
 * @typedef {object} Selection
 * @property {() => string[]} ids the selected user ids, in table order
 * @property {() => string[]} inOtherOrgs those of them who also belong to another organisation
 * @property {(listener: (count: number) => void) => void} onChange
 * @property {() => void} focus moves focus to the first member's checkbox
 */
export function membersSection(app, orgId) {
  const me = session.identity.sub;
  const listeners = [];

  const tbody = h('tbody');
  const selectAll = h('input', { type: 'checkbox', id: 'members-select-all', onchange: () => {
    for (const box of boxes()) {
      box.checked = selectAll.checked;
    }
    changed();
  } });
  const table = h('table', { class: 'table members', id: 'members-table' },
    h('caption', { class: 'visually-hidden' }, `Everyone who has signed in to ${orgId}, with their two-factor authentication`),
    h('thead', {}, h('tr', {},
      h('td', { class: 'table__select' }, h('span', { class: 'visually-hidden' }, 'Select')),
      COLUMNS.map((name) => h('th', { scope: 'col' }, name)))),
    tbody);

  const pages = pager({
    list: tbody,
    fetchPage: async (cursor) => {
      const page = await app.call((token) => keyfob.members(token, orgId, cursor));
      return { items: page.members, nextCursor: page.nextCursor };
    },
    renderItem: memberRow,
    renderEmpty: () => h('tr', {}, h('td', { colspan: String(COLUMNS.length + 1) }, 'No members yet.')),
    moreId: 'members-more',
    moreLabel: 'Load more members',
    describe: (n) => (n === 1 ? '1 member' : `${n} members`),
  });

  const element = h('section', { 'aria-labelledby': 'members-title' },
    h('div', { class: 'section-head' },
      h('h2', { id: 'members-title' }, 'Members'),
      h('div', { class: 'check' }, selectAll, h('label', { for: selectAll.id }, 'Select all members shown'))),
    pages.errors,
    h('div', { class: 'table-wrap' }, table),
    pages.more);

  function memberRow(m) {
    const noteId = `member-${m.userId}-other-orgs`;
    const box = h('input', {
      type: 'checkbox', value: m.userId, id: `member-${m.userId}`, name: 'userIds',
      'data-other-orgs': m.otherOrgs ? 'true' : null, 'aria-describedby': m.otherOrgs ? noteId : null,
      onchange: changed,
    });
    const lockLeft = msUntil(m.lockedUntil);
    return h('tr', { 'data-user-id': m.userId },
      h('td', { class: 'table__select' }, box,
        h('label', { for: box.id, class: 'visually-hidden' }, `Select ${m.userId}`)),
      h('th', { scope: 'row', 'data-label': 'Member' },
        h('span', { class: 'member__id' }, m.userId, m.userId === me ? h('span', { class: 'subtle' }, ' (you)') : null),
        m.email ? h('span', { class: 'member__email' }, breakableEmail(m.email)) : null,
        m.otherOrgs
          ? h('span', { class: 'member__note', id: noteId }, 'Also in other organisations: reset through support')
          : null),
      h('td', { 'data-label': 'Two-factor' }, m.enrolled
        ? h('span', { class: 'badge badge--on' }, 'Set up')
        : h('span', { class: 'badge badge--off' }, 'Not set up')),
      h('td', { 'data-label': 'Methods', class: 'nowrap' }, methodsOf(m)),
      h('td', { 'data-label': 'Recovery codes left' },
        m.enrolled && Number.isInteger(m.recoveryCodesRemaining) ? String(m.recoveryCodesRemaining) : '—'),
      h('td', { 'data-label': 'Last verified' }, timeEl(m.lastVerifiedAt, 'Never', { short: true })),
      h('td', { 'data-label': 'Locked' }, m.lockedPermanently ? 'Until reset'
        : lockLeft > 0 ? ['until ', timeEl(m.lockedUntil, '', { short: true })] : 'No'));
  }

  // The checkboxes are the selection: nothing else holds it, so it cannot drift from the page.
  function boxes() {
    return [...tbody.querySelectorAll('input[type=checkbox]')];
  }

  function changed() {
    const count = boxes().filter((box) => box.checked).length;
    for (const listener of listeners) {
      listener(count);
    }
  }

  const selection = {
    ids: () => boxes().filter((box) => box.checked).map((box) => box.value),
    inOtherOrgs: () => boxes().filter((box) => box.checked && box.dataset.otherOrgs)
      .map((box) => box.value),
    onChange: (listener) => listeners.push(listener),
    focus: () => {
      const [first] = boxes();
      if (first) {
        first.focus();
      }
    },
  };

  async function reload() {
    await pages.reload();
    selectAll.checked = boxes().length > 0 && boxes().every((box) => box.checked);
    changed();
  }

  return { element, selection, reload };
}

/** "App", "2 keys", "App, 1 key", or a dash for none. */
function methodsOf(member) {
  const methods = member.methods || { totp: member.enrolled, webauthn: 0 };
  const parts = [];
  if (methods.totp) {
    parts.push('App');
  }
  if (methods.webauthn > 0) {
    parts.push(plural(methods.webauthn, 'key', 'keys'));
  }
  return parts.length ? parts.join(', ') : '—';
}

/** The email with a line-break opportunity after the @, so a narrow column breaks it there. */
function breakableEmail(email) {
  const at = email.indexOf('@');
  return at < 0 ? email : [email.slice(0, at + 1), h('wbr'), email.slice(at + 1)];
}
