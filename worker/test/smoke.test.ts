import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
it("runs a partition", async () => {
  const stub = (env as any).PARTITION.get((env as any).PARTITION.idFromName("x"));
  expect(await stub.hello("a")).toBe(1);
});
