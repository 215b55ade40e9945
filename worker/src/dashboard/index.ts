/**
 * The live dashboard: `GET /_shvm/dashboard` is the page, `GET /_shvm/dashboard/app.js` its browser script
 * (Observable Plot and the client code, bundled by scripts/build-dashboard.ts). Everything is served from here:
 * no CDN, the page works offline.
 */
import appJs from "./generated/app.js.txt";
import { DASHBOARD_SCRIPT_PATH, dashboardHtml } from "./page.js";

export const DASHBOARD_PATH = "/_shvm/dashboard";

// Same-origin only: the page fetches /_shvm/metrics and its own script; Plot writes inline styles.
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

let html: string | undefined;

/** Answers a request whose path is `/_shvm/dashboard` or under it; 404 for any other sub-path. */
export function dashboardResponse(request: Request, pathname: string): Response {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("method not allowed\n", { status: 405, headers: { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" } });
  }
  const head = request.method === "HEAD";
  if (pathname === DASHBOARD_PATH || pathname === `${DASHBOARD_PATH}/`) {
    html ??= dashboardHtml();
    return new Response(head ? null : html, {
      headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache", "content-security-policy": CSP },
    });
  }
  if (pathname === DASHBOARD_SCRIPT_PATH) {
    return new Response(head ? null : appJs, {
      headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache", "x-content-type-options": "nosniff" },
    });
  }
  return new Response("not found\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
}
