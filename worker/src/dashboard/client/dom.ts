/**
 * The few browser APIs the dashboard's client uses, typed here by hand: this folder is also compiled by
 * worker/tsconfig.json, whose Workers types have no DOM (adding lib "dom" there would clash with them).
 */

export interface Elem {
  textContent: string | null;
  hidden: boolean;
  className: string;
  title: string;
  readonly clientWidth: number;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  append(...nodes: Array<Elem | string>): void;
  replaceChildren(...nodes: Array<Elem | string>): void;
  querySelector(selector: string): Elem | null;
}

interface BrowserDocument {
  querySelector(selector: string): Elem | null;
  createElement(tag: string): Elem;
}

interface BrowserWindow {
  document: BrowserDocument;
  location: { search: string };
  addEventListener(type: "resize", listener: () => void): void;
}

export const browser = globalThis as unknown as BrowserWindow;

/** The element for a selector the page's HTML is known to have. */
export function must(selector: string): Elem {
  const el = browser.document.querySelector(selector);
  if (!el) throw new Error(`dashboard page lacks ${selector}`);
  return el;
}

/** A new element with text (and a class), for notes and empty states. */
export function textElem(tag: string, text: string, className = ""): Elem {
  const el = browser.document.createElement(tag);
  el.textContent = text;
  if (className) el.className = className;
  return el;
}
