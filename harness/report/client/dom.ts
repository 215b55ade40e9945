/**
 * The few browser APIs the report's page script uses, typed by hand: the harness is compiled with Node's types
 * (tsconfig.json), not the DOM's.
 */
export interface El {
  textContent: string | null;
  className: string;
  readonly clientWidth: number;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelectorAll(selector: string): Iterable<El>;
  append(...nodes: Array<El | string>): void;
}

interface BrowserDocument {
  getElementById(id: string): El | null;
  querySelectorAll(selector: string): Iterable<El>;
  createElement(tag: string): El;
}

export const doc = (globalThis as unknown as { document: BrowserDocument }).document;

export function note(text: string, className = "empty"): El {
  const el = doc.createElement("p");
  el.textContent = text;
  el.className = className;
  return el;
}
