import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Three projects, one `npm test`:
// - unit: runtime-neutral code (encodings, validation, harness) in Node;
// - workers: Durable Object tests inside workerd (vitest-pool-workers);
// - e2e: a real local server (workerd, started by the global setup) driven by @aws-sdk/client-dynamodb.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["worker/src/**/*.test.ts", "scripts/**/*.test.ts", "harness/**/*.test.ts", "workloads/**/*.test.ts"],
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // SHVM_AUTH: the Worker's tests run it open, as every local launcher does (auth/access.ts).
            miniflare: { compatibilityFlags: ["nodejs_compat"], bindings: { SHVM_AUTH: "open" } },
          }),
        ],
        test: {
          name: "workers",
          include: ["worker/test/**/*.test.ts"],
          // Writes the dashboard's generated browser bundle (imported by the Worker as a Text module): the pool
          // reads wrangler.toml's module rules but does not run its [build] command.
          globalSetup: ["scripts/build-dashboard.ts"],
        },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/e2e/global-setup.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // One server, shared: files run one at a time so restart tests cannot pull it from under others.
          fileParallelism: false,
          // The SDK's "node >=22 soon" notice, printed once per test file, only hides the results.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        },
      },
    ],
  },
});
