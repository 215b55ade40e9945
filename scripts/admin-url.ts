/**
 * Prints a presigned URL for shvm-db's admin pages, for a server that requires signatures (SHVM_ACCESS_KEYS).
 * Opening it in a browser sets a session cookie (12 h) that lets the dashboard fetch its script and metrics.
 *
 *   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... npm run admin-url -- [--endpoint=http://127.0.0.1:8787] [--path=/_shvm/dashboard] [--expires=900]
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { parseArgs } from "node:util";
import { WebSha256 } from "../worker/src/auth/web-sha256.js";

export async function presignedAdminUrl(endpoint: string, path: string, credentials: { accessKeyId: string; secretAccessKey: string }, expiresIn: number, region = "us-east-1"): Promise<string> {
  const u = new URL(path, endpoint);
  const signer = new SignatureV4({ credentials, region, service: "dynamodb", sha256: WebSha256 });
  const query = Object.fromEntries(u.searchParams);
  const signed = await signer.presign(
    { method: "GET", protocol: u.protocol, hostname: u.hostname, port: u.port ? Number(u.port) : undefined, path: u.pathname, query, headers: { host: u.host } },
    { expiresIn },
  );
  return `${u.origin}${u.pathname}?${new URLSearchParams(signed.query as Record<string, string>)}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      endpoint: { type: "string", default: `http://127.0.0.1:${process.env.SHVM_PORT ?? 8787}` },
      path: { type: "string", default: "/_shvm/dashboard" },
      expires: { type: "string", default: "900" },
      region: { type: "string", default: process.env.AWS_REGION ?? "us-east-1" },
    },
  });
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to one of the server's SHVM_ACCESS_KEYS");
  const expires = Number(values.expires);
  if (!Number.isInteger(expires) || expires < 1 || expires > 604_800) throw new Error("--expires is seconds, 1 to 604800");
  console.log(await presignedAdminUrl(values.endpoint!, values.path!, { accessKeyId, secretAccessKey }, expires, values.region));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
