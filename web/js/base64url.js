// base64url without padding (RFC 4648, section 5), the encoding of every binary member of the
// WebAuthn JSON forms keyfob sends and expects: bytes to text and back, without atob's
// Latin-1 surprises leaking into callers.

/** @param {ArrayBuffer|ArrayBufferView} bytes @returns {string} base64url without padding */
export function encode(bytes) {
  const view = bytes instanceof ArrayBuffer
    ? new Uint8Array(bytes)
    : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let binary = '';
  for (const byte of view) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** @param {string} text base64url, padded or not @returns {ArrayBuffer} */
export function decode(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes.buffer;
}
