/**
 * The page script of a report: client/main.ts with Observable Plot, bundled by esbuild into one minified
 * string that the page carries inline, the way scripts/build-dashboard.ts bundles the live dashboard.
 *
 * Why inline and not SVG drawn here: Plot draws into a DOM, and Node has none without a DOM implementation
 * (jsdom or the like), which is not among the dependencies. Inline, the page needs no network and no build
 * step to open; it costs the bundle's size (~270 KB) per report, and the tables stay plain HTML, readable
 * without the script.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const ENTRY = fileURLToPath(new URL("./client/main.ts", import.meta.url));

let cached: Promise<string> | undefined;

/** The bundle's text, built once per process. */
export function reportClientScript(): Promise<string> {
  cached ??= build({ entryPoints: [ENTRY], bundle: true, write: false, platform: "browser", format: "iife", target: "es2020", minify: true, logLevel: "warning" }).then((r) => {
    const text = r.outputFiles[0]?.text;
    if (!text) throw new Error("esbuild produced no report script");
    return text;
  });
  cached.catch(() => (cached = undefined)); // a failed build is tried again by the next report
  return cached;
}
