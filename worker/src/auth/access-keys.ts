/**
 * `SHVM_ACCESS_KEYS`: `id:secret[,id:secret...]`. Runtime-neutral: the Worker parses it, and `npm start` checks it
 * before starting workerd so a typo fails at once rather than as refused requests.
 */
const ACCESS_KEY_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Parses `id:secret[,id:secret...]`; throws with what is wrong, naming entries by position only: a malformed
 * entry may be a secret pasted alone, and the message reaches logs (and, refused, a hint reaches clients).
 */
export function parseAccessKeys(text: string): Map<string, string> {
  const secrets = new Map<string, string>();
  text.split(",").forEach((entry, i) => {
    const pair = entry.trim();
    const colon = pair.indexOf(":");
    if (colon < 0) throw new Error(`entry ${i + 1}: expected id:secret (no ':' in it)`);
    const id = pair.slice(0, colon);
    const secret = pair.slice(colon + 1);
    if (!ACCESS_KEY_ID.test(id)) throw new Error(`entry ${i + 1}: the access key id must be 1-128 of [A-Za-z0-9_-]`);
    if (!secret) throw new Error(`entry ${i + 1}: the secret after ':' is empty`);
    if (secrets.has(id)) throw new Error(`entry ${i + 1}: its access key id appears in an earlier entry too`);
    secrets.set(id, secret);
  });
  return secrets;
}
