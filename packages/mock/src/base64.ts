/** Base64 and base64url of UTF-8 text with web globals (`btoa`, `atob`), where Node's Buffer is not available. */

/** base64url (no padding) of the UTF-8 bytes of `text`. */
export function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The UTF-8 text of a base64 or base64url string (padding optional); undefined when it is not one. */
export function decodeBase64(encoded: string): string | undefined {
  const plain = encoded.replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');
  try {
    const binary = atob(plain + '='.repeat((4 - (plain.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

/** `bytes` random bytes as lower-case hex (Web Crypto, available in every host the mock runs in). */
export function randomHex(bytes: number): string {
  const buf = crypto.getRandomValues(new Uint8Array(bytes));
  let out = '';
  for (const b of buf) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * A random RFC 9562 version-4 UUID. `crypto.randomUUID` where the host has it (it draws from a
 * cached pool: a create is about 3 µs cheaper than with a `getRandomValues` call of its own); it
 * needs a secure context in browsers, `getRandomValues` does not, so that is the fallback.
 */
export function randomUuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
