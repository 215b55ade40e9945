/** Escaping and number formats shared by the report's HTML (the page and the index). */
import { formatSeconds } from "../../worker/src/dashboard/format.js";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or attribute value, escaped. */
export const esc = (s: unknown): string => String(s).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/** JSON inside a <script> element: `<` escaped so no value can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, "\\u003c");

/** 1206.4 → "1,206"; below 100 with one decimal. */
export const fmtOps = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: n < 100 ? 1 : 0 });

/** Latency in µs as the dashboard prints seconds: "420 µs", "35.1 ms". */
export const fmtUs = (us: number): string => formatSeconds(us / 1e6);

/** A ratio: "1.62×"; "–" when unknown. */
export const fmtRatio = (r: number | null | undefined): string => (r === null || r === undefined || !Number.isFinite(r) ? "–" : `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×`);

/** A small HTML table from header cells and rows of cells (cells are HTML already). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], attrs = ""): string {
  const head = header.map((h) => `<th>${h}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<table${attrs ? " " + attrs : ""}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}
