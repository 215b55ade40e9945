/**
 * `SHVM_ACCESS_KEYS`: `id:secret[,id:secret...]`. Runtime-neutral: the Worker parses it, and `npm start` checks it
 * before starting workerd so a typo fails at once rather than as refused requests.
 */
const ACCESS_KEY_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Parses `id:secret[,id:secret...]`; throws with what is wrong (never echoing a secret). */
export function parseAccessKeys(text: string): Map<string, string> {
  const secrets = new Map<string, string>();
  text.split(",").forEach((entry, i) => {
    const pair = entry.trim();
    const colon = pair.indexOf(":");
    const id = colon < 0 ? pair : pair.slice(0, colon);
    const secret = colon < 0 ? "" : pair.slice(colon + 1);
    if (!ACCESS_KEY_ID.test(id)) throw new Error(`entry ${i + 1}: the access key id must be 1-128 of [A-Za-z0-9_-]`);
    if (!secret) throw new Error(`entry ${i + 1} (${id}): the secret is missing (id:secret)`);
    if (secrets.has(id)) throw new Error(`entry ${i + 1}: the access key id ${id} appears twice`);
    secrets.set(id, secret);
  });
  return secrets;
}

