// Checks what the user typed into "Static server URL" before anything is fetched.

/** The outcome of {@link parseSourceUrl}: an absolute http(s) URL ending in `/`, or a sentence saying what is wrong. */
export type SourceUrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Accepts only an absolute `http://` or `https://` address (a folder, so a trailing `/` is added). Anything else —
 * a bare word, a relative path, `file:`, `javascript:`, `data:` — is refused with a message, never fetched.
 */
export function parseSourceUrl(text: string): SourceUrlCheck {
  const t = text.trim();
  if (!t) return { ok: false, message: 'Enter the address of a static server, e.g. https://example.org/data/.' };
  let u: URL;
  try {
    u = new URL(t);
  } catch {
    return { ok: false, message: `“${t.slice(0, 80)}” is not a web address: it must start with http:// or https://.` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return { ok: false, message: `Only http:// and https:// addresses can be opened, not ${u.protocol}.` };
  }
  if (u.username || u.password) return { ok: false, message: 'Addresses with a user name or password are not supported.' };
  u.hash = '';
  const href = u.href;
  return { ok: true, url: href.endsWith('/') || u.search ? href : `${href}/` };
}
