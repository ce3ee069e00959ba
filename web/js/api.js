// HTTP access to the keyfob API and to the local development identity provider, as
// docs/openapi.yaml describes them.
//
// Every call goes through request(), which sends JSON, adds the bearer token and turns any
// non-2xx answer into an ApiError carrying the problem+json members (code, detail and the
// extras such as attemptsRemaining) plus the Retry-After header. Nothing here logs a token,
// a code or a secret.

import { noteServerTime, msUntil } from './clock.js';

/** An error answer of the API (application/problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  /**
   * @param {number} status HTTP status, 0 when the API could not be reached
   * @param {object} problem the problem+json body (may be empty)
   * @param {number|null} retryAfterSeconds the Retry-After header in whole seconds, if any
   */
  constructor(status, problem, retryAfterSeconds = null) {
    const detail = typeof problem.detail === 'string' && problem.detail
      ? problem.detail
      : fallbackDetail(status, problem.title);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof problem.code === 'string' ? problem.code : `HTTP_${status}`;
    this.detail = detail;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Thrown by the app's call wrapper when the app took over instead of answering (it showed
 * another screen, or the person cancelled a verification); callers just stop.
 */
export class Interrupted extends Error {
  constructor(reason) {
    super(reason);
    this.name = 'Interrupted';
  }
}

/**
 * For catch blocks around API calls: the ApiError to show, or null when the app took over.
 * Anything else is a bug, and is thrown on.
 */
export function problemOf(error) {
  if (error instanceof ApiError) {
    return error;
  }
  if (error instanceof Interrupted) {
    return null;
  }
  throw error;
}

function fallbackDetail(status, title) {
  if (status === 0) {
    return 'Could not reach keyfob. Check your connection and try again.';
  }
  if (typeof title === 'string' && title) {
    return `${title}.`;
  }
  return status >= 500
    ? 'keyfob is not available right now. Nothing was changed; try again in a moment.'
    : `The request failed (HTTP ${status}).`;
}

/** Retry-After as whole seconds: either delta-seconds or an HTTP date. */
function parseRetryAfter(value) {
  if (!value) {
    return null;
  }
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim());
  }
  const ms = msUntil(value);
  return ms === null ? null : Math.max(0, Math.ceil(ms / 1000));
}

/**
 * Sends one request.
 *
 * @param {string} method
 * @param {string} path absolute path on this origin, e.g. /v1/me/two-factor
 * @param {{token?: string, body?: object}} options
 * @returns {Promise<object|null>} the JSON body, or null for 204
 * @throws {ApiError}
 */
export async function request(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, {});
  }
  noteServerTime(response.headers.get('Date'));
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    try {
      data = await response.json();
    } catch {
      data = null;
    }
  }
  if (response.ok) {
    return data;
  }
  throw new ApiError(response.status, data && typeof data === 'object' ? data : {},
    parseRetryAfter(response.headers.get('Retry-After')));
}

const org = (orgId) => `/v1/orgs/${encodeURIComponent(orgId)}`;

const credential = (credentialId) =>
  `/v1/me/two-factor/webauthn/credentials/${encodeURIComponent(credentialId)}`;

/** A sign-in body, asking to remember this browser only when the person ticked the box. */
function remembering(body, rememberDevice) {
  return rememberDevice ? { ...body, rememberDevice: true } : body;
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The keyfob routes of docs/openapi.yaml, each taking the bearer token first. */
export const keyfob = {
  status: (token) => request('GET', '/v1/me/two-factor', { token }),
  startEnrollment: (token) => request('POST', '/v1/me/two-factor/enrollment', { token, body: {} }),
  confirmEnrollment: (token, enrollmentId, code) =>
    request('POST', '/v1/me/two-factor/enrollment/confirm', { token, body: { enrollmentId, code } }),
  verify: (token, code, rememberDevice = false) => request('POST', '/v1/me/two-factor/verify', {
    token, body: remembering({ code }, rememberDevice),
  }),
  recover: (token, recoveryCode, rememberDevice = false) =>
    request('POST', '/v1/me/two-factor/recover', {
      token, body: remembering({ recoveryCode }, rememberDevice),
    }),
  regenerateRecoveryCodes: (token) =>
    request('POST', '/v1/me/two-factor/recovery-codes', { token, body: {} }),
  removeTwoFactor: (token) => request('DELETE', '/v1/me/two-factor', { token }),
  removeApp: (token) => request('DELETE', '/v1/me/two-factor/totp', { token }),

  // Remembered browsers: the device token goes in a body, never in an address.
  signInWithDevice: (token, deviceToken) =>
    request('POST', '/v1/me/two-factor/device', { token, body: { deviceToken } }),
  forgetDevices: (token) => request('DELETE', '/v1/me/two-factor/devices', { token }),

  // Security keys and passkeys.
  startRegistration: (token) =>
    request('POST', '/v1/me/two-factor/webauthn/registrations', { token, body: {} }),
  confirmRegistration: (token, registrationId, credential, name) =>
    request('POST', '/v1/me/two-factor/webauthn/registrations/confirm', {
      token, body: name ? { registrationId, credential, name } : { registrationId, credential },
    }),
  credentials: (token) => request('GET', '/v1/me/two-factor/webauthn/credentials', { token }),
  renameCredential: (token, credentialId, name) =>
    request('PATCH', credential(credentialId), { token, body: { name } }),
  removeCredential: (token, credentialId) =>
    request('DELETE', credential(credentialId), { token }),
  startAssertion: (token) =>
    request('POST', '/v1/me/two-factor/webauthn/assertions', { token, body: {} }),
  verifyAssertion: (token, assertionId, credentialJson, rememberDevice = false) =>
    request('POST', '/v1/me/two-factor/webauthn/assertions/verify', {
      token, body: remembering({ assertionId, credential: credentialJson }, rememberDevice),
    }),

  orgSecurity: (token, orgId) => request('GET', `${org(orgId)}/security`, { token }),
  setTwoFactor: (token, orgId, enabled, gracePeriodDays) =>
    request('PUT', `${org(orgId)}/security/two-factor`, {
      token, body: enabled ? { enabled, gracePeriodDays } : { enabled },
    }),
  setRememberDevice: (token, orgId, enabled, rememberDeviceDays) =>
    request('PUT', `${org(orgId)}/security/two-factor`, {
      token, body: { enabled, rememberDeviceDays },
    }),
  setSso: (token, orgId, enabled) =>
    request('PUT', `${org(orgId)}/security/sso`, { token, body: { enabled } }),
  members: (token, orgId, cursor, limit = 25) =>
    request('GET', `${org(orgId)}/members${query({ limit, cursor })}`, { token }),
  removeMember: (token, orgId, userId) =>
    request('DELETE', `${org(orgId)}/members/${encodeURIComponent(userId)}`, { token }),
  resets: (token, orgId, userIds, reason) =>
    request('POST', `${org(orgId)}/two-factor/resets`, { token, body: { userIds, reason } }),
  auditEvents: (token, orgId, cursor, limit = 20) =>
    request('GET', `${org(orgId)}/audit-events${query({ limit, cursor })}`, { token }),
  supportReset: (token, userId, ticket, reason) =>
    request('POST', '/v1/support/two-factor/resets', { token, body: { userId, ticket, reason } }),
};

/**
 * The local development identity provider (local mode only; `/dev/token` in docs/openapi.yaml).
 * A real front end gets its identity-provider token from its own sign-in instead.
 */
export const devIdentityProvider = {
  /** @returns {Promise<string>} a signed identity-provider token */
  async signIn({ sub, email, orgId, role, amr, pwdSet, platformRole, authTimeSecondsAgo = 0 }) {
    const body = { sub, orgId, role, amr, authTimeSecondsAgo };
    if (email) {
      body.email = email;
    }
    if (typeof pwdSet === 'boolean') {
      body.pwdSet = pwdSet;
    }
    if (platformRole) {
      body.platformRole = platformRole;
    }
    const answer = await request('POST', '/dev/token', { body });
    return answer.token;
  },
};
