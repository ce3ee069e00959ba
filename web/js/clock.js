// The API's clock, as far as this page can tell. Times in answers (lockedUntil,
// mfaTokenExpiresAt, expiresAt) are on the API's clock, and a phone's clock can be off by
// minutes, so everything that compares a time with "now" uses serverNow(). This is the only
// module that reads the device's clock.

// How far the API's clock is ahead of this device's, from the Date header of the last answer.
let serverSkewMs = 0;

/** Notes the Date header of an API answer; an absent or unreadable one changes nothing. */
export function noteServerTime(dateHeader) {
  const at = Date.parse(dateHeader || '');
  if (!Number.isNaN(at)) {
    // The header is truncated to the second: the API's time is up to a second later.
    serverSkewMs = at + 500 - Date.now();
  }
}

/** The API's idea of now, in epoch milliseconds. */
export function serverNow() {
  return Date.now() + serverSkewMs;
}

/** Milliseconds from the API's now until an RFC 3339 time, or null when it is not a time. */
export function msUntil(time) {
  const at = Date.parse(time || '');
  return Number.isNaN(at) ? null : at - serverNow();
}
