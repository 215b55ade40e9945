import { DurableObject } from "cloudflare:workers";
export class Catalog extends DurableObject {}
export class Partition extends DurableObject {
  async hello(k: string): Promise<number> {
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t(k TEXT PRIMARY KEY, n INTEGER)");
    this.ctx.storage.sql.exec("INSERT INTO t VALUES(?, 1) ON CONFLICT(k) DO UPDATE SET n = n + 1", k);
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT n FROM t WHERE k = ?", k).one().n;
  }
}
export default {
  async fetch(req: Request, env: any) {
    const stub = env.PARTITION.get(env.PARTITION.idFromName("x"));
    return new Response(String(await stub.hello("a")));
  },
};
