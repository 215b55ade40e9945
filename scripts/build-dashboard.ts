/**
 * Builds the dashboard's browser script (worker/src/dashboard/client/main.ts with Observable Plot) into one
 * minified file that the Worker imports as text and serves at /_shvm/dashboard/app.js.
 *
 * The bundle is generated, never committed. Each way of building the Worker gets it:
 * - `npm start` / e2e (scripts/serve.ts): esbuild builds it in memory while bundling the Worker (dashboardPlugin);
 * - `wrangler deploy` / `wrangler dev`: wrangler.toml's `[build] command` runs this file, which writes
 *   worker/src/dashboard/generated/app.js.txt, then wrangler bundles it as a Text module;
 * - vitest's workers project: vitest.config.ts runs `setup` below as a global setup (the pool reads
 *   wrangler.toml's rules but does not run its build command).
 */
import { build, type Plugin } from "esbuild";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export const DASHBOARD_CLIENT_ENTRY = join(root, "worker/src/dashboard/client/main.ts");
/** Where the Worker's `import appJs from "./generated/app.js.txt"` points. */
export const DASHBOARD_BUNDLE_FILE = join(root, "worker/src/dashboard/generated/app.js.txt");

/** The browser script's text. */
export async function buildDashboardClient(): Promise<string> {
  const result = await build({
    entryPoints: [DASHBOARD_CLIENT_ENTRY],
    bundle: true,
    write: false,
    platform: "browser",
    format: "iife",
    // Chromium and any browser from the last few years; nothing to polyfill.
    target: "es2020",
    minify: true,
    sourcemap: false,
    logLevel: "warning",
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error("esbuild produced no dashboard bundle");
  return out.text;
}

/** Writes the bundle file unless it already holds the same text; atomically, as readers may run alongside. */
export async function writeDashboardBundle(file = DASHBOARD_BUNDLE_FILE): Promise<{ file: string; bytes: number; changed: boolean }> {
  const text = await buildDashboardClient();
  let old: string | undefined;
  try {
    old = readFileSync(file, "utf8");
  } catch {
    old = undefined;
  }
  if (old !== text) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  }
  return { file, bytes: Buffer.byteLength(text), changed: old !== text };
}

/**
 * For the Worker's own esbuild bundle: the import of the generated file is served from an in-memory build, so
 * `npm start` neither needs the file on disk nor can serve a stale one.
 */
export function dashboardPlugin(): Plugin {
  return {
    name: "shvm-dashboard",
    setup(b) {
      b.onResolve({ filter: /[\\/]generated[\\/]app\.js\.txt$/ }, (args) => {
        const path = resolve(args.resolveDir, args.path);
        return path === DASHBOARD_BUNDLE_FILE ? { path, namespace: "shvm-dashboard" } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: "shvm-dashboard" }, async () => ({ contents: await buildDashboardClient(), loader: "text" }));
    },
  };
}

/** vitest global setup (workers project). */
export async function setup(): Promise<void> {
  await writeDashboardBundle();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeDashboardBundle().then(
    (r) => console.log(`dashboard bundle: ${r.file} (${Math.round(r.bytes / 1024)} KiB${r.changed ? "" : ", unchanged"})`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
