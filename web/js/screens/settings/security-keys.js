// Personal settings, security keys and passkeys: the list (name, kind, when added and last
// used), add one, rename, remove. The list loads once the section shows. Renaming and removing
// need a recent verification, which app.call asks for.

import { keyfob, problemOf } from '../../api.js';
import { session } from '../../session.js';
import { rememberedBrowser } from '../../remembered-browser.js';
import { h, fill, errorRegion, statusRegion, say, sayInView, timeEl } from '../../dom.js';
import { guarded } from '../../busy.js';
import { askText, confirmAction } from '../../dialogs.js';
import { addKeyForm } from '../../components/add-key-form.js';

/** What kind of credential it is, as people call it. */
function kindOf(credential) {
  if (!credential.backupEligible) {
    return 'Security key';
  }
  return credential.backedUp ? 'Synced passkey' : 'Passkey';
}

export function securityKeysSection(app, status) {
  if (status.exempt) {
    return null;
  }
  const list = h('ul', { class: 'keys', id: 'keys-list', 'aria-labelledby': 'settings-keys-title' });
  const messages = statusRegion();
  messages.id = 'keys-messages';
  const errors = errorRegion();
  errors.id = 'keys-errors';
  const add = addKeyForm(app, {
    idPrefix: 'keys',
    submitLabel: 'Add security key or passkey',
    onAdded(result) {
      if (result.recoveryCodes) {
        app.showCodes(result.recoveryCodes, 'key-settings');
        return;
      }
      app.flash = { kind: 'success', text: `“${result.credential.name}” is added. You can sign in with it from now on.` };
      app.go('#/settings');
    },
  });

  async function load(focusCredentialId) {
    let answer;
    try {
      answer = await app.call((token) => keyfob.credentials(token));
    } catch (error) {
      const problem = problemOf(error);
      if (problem) {
        fill(list);
        say(errors, problem.detail);
      }
      return;
    }
    list.removeAttribute('aria-busy');
    fill(list, answer.credentials.length
      ? answer.credentials.map(item)
      : h('li', { class: 'keys__empty', id: 'keys-none' }, 'No security keys or passkeys yet.'));
    if (focusCredentialId) {
      const again = list.querySelector(`[data-credential-id="${CSS.escape(focusCredentialId)}"] [data-action=rename]`);
      if (again) {
        again.focus();
      }
    }
  }

  function item(credential) {
    return h('li', { class: 'key', 'data-credential-id': credential.credentialId },
      h('div', { class: 'key__head' },
        h('strong', { class: 'key__name' }, credential.name), ' ',
        h('span', { class: 'badge badge--kind' }, kindOf(credential))),
      h('dl', { class: 'facts key__facts' },
        h('dt', {}, 'Added'), h('dd', {}, timeEl(credential.createdAt)),
        h('dt', {}, 'Last used'), h('dd', { class: 'key__last-used' }, timeEl(credential.lastUsedAt, 'Never'))),
      h('div', { class: 'actions' },
        h('button', {
          type: 'button', class: 'button', 'data-action': 'rename', 'aria-label': `Rename ${credential.name}`,
          onclick: guarded(() => rename(credential)),
        }, 'Rename'),
        h('button', {
          type: 'button', class: 'button button--danger', 'data-action': 'remove', 'aria-label': `Remove ${credential.name}`,
          onclick: guarded(() => remove(credential)),
        }, 'Remove')));
  }

  async function rename(credential) {
    say(errors);
    say(messages);
    const name = await askText({
      title: 'Rename security key or passkey',
      label: 'Name',
      hint: 'Up to 64 characters.',
      value: credential.name,
      confirmLabel: 'Rename',
    });
    if (name === null || name === credential.name) {
      return;
    }
    try {
      const renamed = await app.call((token) => keyfob.renameCredential(token, credential.credentialId, name));
      say(messages, `Renamed to “${renamed.name}”.`);
      await load(credential.credentialId);
    } catch (error) {
      showError(error);
    }
  }

  async function remove(credential) {
    say(errors);
    say(messages);
    const ok = await confirmAction({
      title: `Remove “${credential.name}”?`,
      message: [
        'You can no longer sign in with it. If it is a passkey, your device may still offer it; delete it there too.',
        'Your other methods and your recovery codes keep working.',
      ],
      confirmLabel: 'Remove',
      danger: true,
    });
    if (!ok) {
      return;
    }
    try {
      // The factor version changed: the answer is the session's MFA token with the new one.
      session.setMfa(await app.call((token) => keyfob.removeCredential(token, credential.credentialId)));
      // ... which also ends every remembered browser, this one too.
      rememberedBrowser.forget(session.identity);
      app.flash = { kind: 'success', text: `“${credential.name}” is removed.` };
      app.go('#/settings');
    } catch (error) {
      if (error && error.code === 'LAST_FACTOR') {
        sayInView(errors, h('strong', {}, 'Not removed: it is your only second factor. '),
          'Add an authenticator app or another key first. To stop using two-factor authentication altogether, use “Remove two-factor authentication” above.');
        return;
      }
      showError(error);
    }
  }

  function showError(error) {
    const problem = problemOf(error);
    if (problem) sayInView(errors, problem.detail);
  }

  list.setAttribute('aria-busy', 'true');
  fill(list, h('li', { class: 'loading' }, 'Loading your security keys…'));
  load();
  return h('section', { class: 'card card--flat', 'aria-labelledby': 'settings-keys-title' },
    h('h2', { id: 'settings-keys-title' }, 'Security keys and passkeys'),
    h('p', {}, 'Confirm it is you with a touch of a security key, or with a passkey on your phone or computer, instead of typing a code. You can have up to ten.'),
    list, messages, errors,
    h('h3', { class: 'keys-add-title' }, 'Add a security key or passkey'),
    add);
}
