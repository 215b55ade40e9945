/**
 * The expression lexer. Token classes and their longest-match rules follow DynamoDB's grammar:
 *
 *   ID    [a-zA-Z][a-zA-Z0-9_]*          (keywords IN BETWEEN NOT AND OR SET ADD DELETE REMOVE,
 *                                          any case, are their own tokens)
 *   INDEX 0 | [1-9][0-9]*                 ("01" is two tokens)
 *   NAME  #[a-zA-Z0-9_]+    VALUE :[a-zA-Z0-9_]+
 *   = <> < <= > >= + - ( ) , . [ ]
 *   whitespace [ \t\r\n]+ is skipped; any other single UTF-16 unit is an UNKNOWN token
 *
 * UNKNOWN never parses, so it surfaces as DynamoDB's syntax error on that character.
 */

export const EOF: number = 0;
export const ID: number = 1;
export const INDEX: number = 2;
export const NAME: number = 3;
export const VALUE: number = 4;
export const EQ: number = 5;
export const NE: number = 6;
export const LT: number = 7;
export const LE: number = 8;
export const GT: number = 9;
export const GE: number = 10;
export const PLUS: number = 11;
export const MINUS: number = 12;
export const LPAREN: number = 13;
export const RPAREN: number = 14;
export const COMMA: number = 15;
export const DOT: number = 16;
export const LBRACKET: number = 17;
export const RBRACKET: number = 18;
export const K_IN: number = 19;
export const K_BETWEEN: number = 20;
export const K_NOT: number = 21;
export const K_AND: number = 22;
export const K_OR: number = 23;
export const K_SET: number = 24;
export const K_ADD: number = 25;
export const K_DELETE: number = 26;
export const K_REMOVE: number = 27;
export const UNKNOWN: number = 28;

export interface Tokens {
  /** The source text. */
  src: string;
  types: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** Number of tokens including the final EOF. */
  count: number;
}

const KEYWORDS: ReadonlyMap<string, number> = new Map([
  ["in", K_IN],
  ["between", K_BETWEEN],
  ["not", K_NOT],
  ["and", K_AND],
  ["or", K_OR],
  ["set", K_SET],
  ["add", K_ADD],
  ["delete", K_DELETE],
  ["remove", K_REMOVE],
]);

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdChar = (c: number) => isLetter(c) || isDigit(c) || c === 95; /* _ */

export function tokenize(src: string): Tokens {
  const n = src.length;
  // At most one token per character, plus EOF.
  const types = new Uint8Array(n + 1);
  const starts = new Uint32Array(n + 1);
  const ends = new Uint32Array(n + 1);
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
      continue;
    }
    const start = i;
    let type: number;
    if (isLetter(c)) {
      i++;
      while (i < n && isIdChar(src.charCodeAt(i))) i++;
      type = ID;
      const len = i - start;
      if (len >= 2 && len <= 7) type = KEYWORDS.get(src.slice(start, i).toLowerCase()) ?? ID;
    } else if (isDigit(c)) {
      i++;
      if (c !== 48) while (i < n && isDigit(src.charCodeAt(i))) i++;
      type = INDEX;
    } else if (c === 35 /* # */ || c === 58 /* : */) {
      i++;
      while (i < n && isIdChar(src.charCodeAt(i))) i++;
      type = i === start + 1 ? UNKNOWN : c === 35 ? NAME : VALUE;
    } else {
      i++;
      const d = i < n ? src.charCodeAt(i) : -1;
      switch (c) {
        case 61 /* = */:
          type = EQ;
          break;
        case 60 /* < */:
          if (d === 62) {
            type = NE;
            i++;
          } else if (d === 61) {
            type = LE;
            i++;
          } else type = LT;
          break;
        case 62 /* > */:
          if (d === 61) {
            type = GE;
            i++;
          } else type = GT;
          break;
        case 43:
          type = PLUS;
          break;
        case 45:
          type = MINUS;
          break;
        case 40:
          type = LPAREN;
          break;
        case 41:
          type = RPAREN;
          break;
        case 44:
          type = COMMA;
          break;
        case 46:
          type = DOT;
          break;
        case 91:
          type = LBRACKET;
          break;
        case 93:
          type = RBRACKET;
          break;
        default:
          type = UNKNOWN;
      }
    }
    types[count] = type;
    starts[count] = start;
    ends[count] = i;
    count++;
  }
  types[count] = EOF;
  starts[count] = n;
  ends[count] = n;
  count++;
  return { src, types, starts, ends, count };
}

export function tokenText(t: Tokens, at: number): string {
  return t.types[at] === EOF ? "<EOF>" : t.src.slice(t.starts[at], t.ends[at]);
}

/**
 * DynamoDB's syntax error for the token at `at`: the token, and the text from the previous token to
 * the next one (whitespace between them included; the whole rest of the input when the token or the
 * next one is the end).
 */
export function syntaxErrorMessage(t: Tokens, at: number): string {
  const from = at > 0 ? (t.starts[at - 1] as number) : 0;
  const atEnd = t.types[at] === EOF || t.types[at + 1] === EOF;
  const to = atEnd ? t.src.length : (t.ends[at + 1] as number);
  return `Syntax error; token: "${tokenText(t, at)}", near: "${t.src.slice(from, to)}"`;
}
