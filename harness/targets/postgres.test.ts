import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isUnreachable, postgresStartHint } from "./postgres.js";

const root = mkdtempSync(join(tmpdir(), "ycsb-pg-etc-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An /etc/postgresql look-alike with the given clusters (version, name, port). */
function etc(name: string, clusters: [string, string, number][]): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [version, cluster, port] of clusters) {
    mkdirSync(join(dir, version, cluster), { recursive: true });
    writeFileSync(join(dir, version, cluster, "postgresql.conf"), `# comment\nlisten_addresses = 'localhost'\nport = ${port}\t\t# (change requires restart)\n`);
  }
  return dir;
}

describe("postgres start hint", () => {
  const local = { host: "127.0.0.1", port: 5432 };

  it("names the one cluster there is", () => {
    expect(postgresStartHint(local, etc("one", [["15", "main", 5432]]))).toBe("pg_ctlcluster --skip-systemctl-redirect 15 main start");
  });

  it("with several versions, the cluster on postgres.port (else the newest), listing the others", () => {
    const dir = etc("several", [
      ["14", "main", 5433],
      ["16", "main", 5434],
      ["15", "main", 5432],
    ]);
    expect(postgresStartHint(local, dir)).toBe(
      "pg_ctlcluster --skip-systemctl-redirect 15 main start (clusters here: 16/main port 5434, 15/main port 5432, 14/main port 5433; pg_lsclusters shows them)",
    );
    expect(postgresStartHint({ host: "localhost", port: 6000 }, dir)).toMatch(/^pg_ctlcluster --skip-systemctl-redirect 16 main start \(clusters here: /);
  });

  it("without Debian clusters, or for a remote host, no pg_ctlcluster", () => {
    expect(postgresStartHint(local, join(root, "absent"))).toBe("pg_ctl -D <data directory> start (or your service manager), listening on 127.0.0.1:5432");
    expect(postgresStartHint({ host: "db.example", port: 5432 }, etc("remote", [["15", "main", 5432]]))).toMatch(/^start the PostgreSQL server at db\.example:5432/);
  });
});

describe("postgres connection errors", () => {
  const err = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

  it("no server answered: refused, unreachable, timed out, still starting", () => {
    expect(isUnreachable(err("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isUnreachable(err("connect ETIMEDOUT", "ETIMEDOUT"))).toBe(true);
    expect(isUnreachable(err("Connection terminated due to connection timeout"))).toBe(true);
    expect(isUnreachable(err("Connection terminated unexpectedly"))).toBe(true);
    expect(isUnreachable(err("the database system is starting up", "57P03"))).toBe(true);
  });

  it("the server answered and said no: authentication, a missing role or database", () => {
    expect(isUnreachable(err('password authentication failed for user "postgres"', "28P01"))).toBe(false);
    expect(isUnreachable(err('role "x" does not exist', "28000"))).toBe(false);
    expect(isUnreachable(err('database "x" does not exist', "3D000"))).toBe(false);
    expect(isUnreachable(err("getaddrinfo ENOTFOUND nohost", "ENOTFOUND"))).toBe(false);
  });
});
