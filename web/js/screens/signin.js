// Sign-in as a demo person through the local development identity provider (POST /dev/token).
// A real front end signs people in with its own identity provider; what keyfob needs from it
// is the resulting token, with the user, org, role and sign-in method (amr) as claims.

import { devIdentityProvider, ApiError } from '../api.js';
import { session } from '../session.js';
import { h, field, setFieldError, errorRegion, say } from '../dom.js';
import { guarded } from '../busy.js';

const ID_PATTERN = /^[A-Za-z0-9._@:+-]{1,128}$/;

const METHODS = [
  { value: 'pwd', label: 'Password' },
  { value: 'google', label: 'Google' },
  { value: 'magic_link', label: 'Magic link' },
  { value: 'sso', label: 'SSO (SAML single sign-on)' },
];

/** Demo people; choosing one fills the form. */
const PEOPLE = [
  { key: 'ada', label: 'Ada — admin of acme, signs in with a password', sub: 'ada', orgId: 'acme', role: 'admin', method: 'pwd', pwdSet: true },
  { key: 'ben', label: 'Ben — member of acme, password', sub: 'ben', orgId: 'acme', role: 'member', method: 'pwd', pwdSet: true },
  { key: 'cleo', label: 'Cleo — member of acme, Google', sub: 'cleo', orgId: 'acme', role: 'member', method: 'google', pwdSet: false },
  { key: 'dev', label: 'Dev — member of acme, SSO', sub: 'dev', orgId: 'acme', role: 'member', method: 'sso', pwdSet: false },
  { key: 'gus', label: 'Gus — admin of globex, magic link, no password', sub: 'gus', orgId: 'globex', role: 'admin', method: 'magic_link', pwdSet: false },
  { key: 'sam', label: 'Sam — keyfob support staff', sub: 'sam', orgId: 'keyfob-support', role: 'member', method: 'pwd', pwdSet: true, support: true },
];

export function signInScreen(app) {
  const preset = h('select', { id: 'signin-preset', class: 'input', onchange: () => fill(preset.value) },
    h('option', { value: '' }, 'Choose a demo person…'),
    PEOPLE.map((p) => h('option', { value: p.key }, p.label)));
  const userId = h('input', {
    id: 'signin-user', name: 'userId', type: 'text', class: 'input', autocomplete: 'username',
    spellcheck: 'false', autocapitalize: 'none', required: true,
  });
  const email = h('input', {
    id: 'signin-email', name: 'email', type: 'email', class: 'input', autocomplete: 'email',
    spellcheck: 'false',
  });
  const orgId = h('input', {
    id: 'signin-org', name: 'orgId', type: 'text', class: 'input', spellcheck: 'false',
    autocapitalize: 'none', required: true, value: 'acme',
  });
  const roleInputs = radioGroup('role', [
    { value: 'member', label: 'Member' }, { value: 'admin', label: 'Admin' }], 'member');
  const methodInputs = radioGroup('method', METHODS, 'pwd');
  const pwdSet = h('input', { type: 'checkbox', id: 'signin-pwdset', name: 'pwdSet', checked: true });
  const support = h('input', { type: 'checkbox', id: 'signin-support', name: 'support' });
  const errors = errorRegion();
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, 'Sign in');

  for (const input of methodInputs.inputs) {
    input.addEventListener('change', () => {
      if (input.checked && input.value === 'pwd') {
        pwdSet.checked = true;
      }
    });
  }

  const form = h('form', { class: 'stack', novalidate: true, onsubmit: guarded(submitForm) },
    field({ label: 'Demo person', hint: 'Fills in the fields below. You can also type your own.', control: preset }),
    field({ label: 'User id', hint: 'Letters, digits and . _ @ : + - (up to 128).', control: userId }),
    field({ label: 'Email', control: email, optional: true, hint: 'Shown in the authenticator app. Defaults to <user id>@example.com.' }),
    field({ label: 'Organisation id', control: orgId }),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Role in the organisation'), roleInputs.element),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Sign-in method'), methodInputs.element),
    h('fieldset', { class: 'fieldset' }, h('legend', {}, 'Demo options'),
      h('div', { class: 'check' }, pwdSet,
        h('label', { for: pwdSet.id }, 'Has a password',
          h('span', { class: 'check__hint' }, ' — people who sign in with Google or a magic link may still have set one'))),
      h('div', { class: 'check' }, support,
        h('label', { for: support.id }, 'Support staff',
          h('span', { class: 'check__hint' }, ' — may reset anyone’s two-factor authentication')))),
    errors,
    h('div', { class: 'actions' }, submit));

  const flash = app.flashCallout();
  app.show('Sign in', h('section', { class: 'panel panel--narrow', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sign in'),
    flash,
    h('p', { class: 'lead' }, 'This is the demo identity provider: it signs you in as whoever you say. keyfob then decides whether you need a second factor.'),
    form));

  function fill(key) {
    const person = PEOPLE.find((p) => p.key === key);
    if (!person) {
      return;
    }
    userId.value = person.sub;
    email.value = '';
    orgId.value = person.orgId;
    roleInputs.set(person.role);
    methodInputs.set(person.method);
    pwdSet.checked = person.pwdSet;
    support.checked = Boolean(person.support);
  }

  async function submitForm() {
    say(errors);
    const problems = [];
    for (const [input, label] of [[userId, 'user id'], [orgId, 'organisation id']]) {
      const value = input.value.trim();
      let message = '';
      if (!value) {
        message = `Enter a ${label}.`;
      } else if (!ID_PATTERN.test(value)) {
        message = `The ${label} may only use letters, digits and . _ @ : + - (up to 128).`;
      }
      setFieldError(input, message);
      if (message) {
        problems.push(input);
      }
    }
    const emailValue = email.value.trim();
    const emailMessage = emailValue && !email.checkValidity() ? 'Enter an email address like name@example.com, or leave it empty.' : '';
    setFieldError(email, emailMessage);
    if (emailMessage) {
      problems.push(email);
    }
    if (problems.length) {
      problems.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
      problems[0].focus();
      return;
    }
    const method = methodInputs.value();
    const identity = {
      sub: userId.value.trim(),
      email: emailValue || `${userId.value.trim()}@example.com`,
      orgId: orgId.value.trim(),
      role: roleInputs.value(),
      amr: [method],
      pwdSet: pwdSet.checked,
      platformRole: support.checked ? 'support' : null,
    };
    try {
      const token = await devIdentityProvider.signIn(identity);
      session.signIn(identity, token);
      // Stay on the page asked for (a bookmarked #/org, say); home otherwise.
      app.route();
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      say(errors, error.detail);
    }
  }
}

function radioGroup(name, options, checked) {
  const inputs = [];
  const element = h('div', { class: 'choices' }, options.map((option) => {
    const input = h('input', {
      type: 'radio', name, value: option.value, id: `signin-${name}-${option.value}`,
      checked: option.value === checked,
    });
    inputs.push(input);
    return h('div', { class: 'choice' }, input, h('label', { for: input.id }, option.label));
  }));
  return {
    element,
    inputs,
    value: () => (inputs.find((i) => i.checked) || inputs[0]).value,
    set: (value) => {
      for (const input of inputs) {
        input.checked = input.value === value;
      }
    },
  };
}
