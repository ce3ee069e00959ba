// Security keys and passkeys in the browser: keyfob's options (the WebAuthn JSON forms, binary
// as base64url) turned into what navigator.credentials wants, and the browser's answer turned
// back into the JSON keyfob checks (RegistrationResponseJSON, AuthenticationResponseJSON).
// Built by hand from the ArrayBuffers rather than with parseCreationOptionsFromJSON() and
// toJSON(), which not every browser has. Nothing here talks to keyfob.

import { encode, decode } from './base64url.js';

/** The browser refused, or the person stopped; `message` is written for them. */
export class KeyCeremonyError extends Error {
  /**
   * @param {string} message
   * @param {boolean} aborted true when this page stopped the ceremony itself (nothing to say)
   */
  constructor(message, aborted = false) {
    super(message);
    this.name = 'KeyCeremonyError';
    this.aborted = aborted;
  }
}

/** Whether this browser can use security keys and passkeys at all. */
export function webauthnSupported() {
  return typeof window.PublicKeyCredential === 'function'
    && Boolean(navigator.credentials) && typeof navigator.credentials.create === 'function';
}

/**
 * navigator.credentials.create() with keyfob's creation options.
 *
 * @param {object} options `publicKey` of the registration start (PublicKeyCredentialCreationOptionsJSON)
 * @param {AbortSignal} [signal]
 * @returns {Promise<object>} the RegistrationResponseJSON for the confirm
 * @throws {KeyCeremonyError}
 */
export async function createCredential(options, signal) {
  const publicKey = {
    ...options,
    user: { ...options.user, id: decode(options.user.id) },
    challenge: decode(options.challenge),
    excludeCredentials: descriptors(options.excludeCredentials),
  };
  const credential = await ceremony('create', { publicKey, signal },
    'Your browser did not add a security key. Try again.');
  const response = credential.response;
  return credentialJson(credential, {
    clientDataJSON: encode(response.clientDataJSON),
    attestationObject: encode(response.attestationObject),
    transports: typeof response.getTransports === 'function' ? response.getTransports() : [],
  });
}

/**
 * navigator.credentials.get() with keyfob's request options.
 *
 * @param {object} options `publicKey` of the assertion start (PublicKeyCredentialRequestOptionsJSON)
 * @param {AbortSignal} [signal]
 * @returns {Promise<object>} the AuthenticationResponseJSON for the verify
 * @throws {KeyCeremonyError}
 */
export async function getAssertion(options, signal) {
  const publicKey = {
    ...options,
    challenge: decode(options.challenge),
    allowCredentials: descriptors(options.allowCredentials),
  };
  const credential = await ceremony('get', { publicKey, signal },
    'Your browser did not use a security key. Try again.');
  const response = credential.response;
  return credentialJson(credential, {
    clientDataJSON: encode(response.clientDataJSON),
    authenticatorData: encode(response.authenticatorData),
    signature: encode(response.signature),
    userHandle: response.userHandle ? encode(response.userHandle) : null,
  });
}

/** navigator.credentials.create or .get, its refusals turned into messages for the person. */
async function ceremony(kind, request, noCredentialMessage) {
  let credential;
  try {
    credential = await navigator.credentials[kind](request);
  } catch (error) {
    throw ceremonyError(error, kind);
  }
  if (!credential) {
    throw new KeyCeremonyError(noCredentialMessage);
  }
  return credential;
}

/** The JSON form of a PublicKeyCredential (what toJSON() gives where browsers have it). */
function credentialJson(credential, response) {
  return {
    id: credential.id,
    rawId: encode(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || null,
    clientExtensionResults: {},
    response,
  };
}

function descriptors(list) {
  return (list || []).map((d) => {
    const descriptor = { type: d.type, id: decode(d.id) };
    if (Array.isArray(d.transports) && d.transports.length) {
      descriptor.transports = d.transports;
    }
    return descriptor;
  });
}

/** What the browser's refusal means for the person, by the DOMException's name. */
function ceremonyError(error, kind) {
  const name = error && error.name;
  if (name === 'AbortError') {
    return new KeyCeremonyError('Stopped.', true);
  }
  if (name === 'NotAllowedError') {
    return new KeyCeremonyError(kind === 'create'
      ? 'No security key was added: the request was cancelled or timed out. Try again when your key or passkey is ready.'
      : 'Your security key or passkey did not answer. The request was cancelled or timed out, or the key you used is not registered for your account. Try again, or use another way below.');
  }
  if (name === 'InvalidStateError') {
    return new KeyCeremonyError('This security key or passkey is already registered for your account.');
  }
  if (name === 'NotSupportedError') {
    return new KeyCeremonyError('This browser or key does not support the kind of key keyfob asks for.');
  }
  if (name === 'SecurityError') {
    return new KeyCeremonyError('Your browser does not allow security keys on this page’s address.');
  }
  return new KeyCeremonyError('Your browser could not use the security key. Try again.');
}
