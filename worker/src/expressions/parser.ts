/**
 * Recursive-descent parser for DynamoDB's expression grammar (the three start rules: condition,
 * update, projection). One function per precedence level for conditions:
 *
 *   or        := and (OR and)*                         (AND binds tighter than OR)
 *   and       := not (AND not)*
 *   not       := NOT not | primary
 *   primary   := operand comparator operand | operand BETWEEN operand AND operand
 *              | operand IN ( operand {, operand} ) | function | ( or )
 *   operand   := path | :value | function | ( operand )
 *   function  := ID ( operand {, operand} )
 *   path      := (ID | #name) { . (ID | #name | :value) | [ INDEX ] }
 *
 * A "(" at the start of a condition may open a grouped condition or a parenthesised operand; the
 * parser reads the group first and decides by what follows, so a syntax error is reported at the first
 * token no reading of the grammar can accept — the token DynamoDB names. Two parentheses straight
 * around the same thing are refused as soon as the outer one closes ("The expression has redundant
 * parentheses;"), before any later syntax error, as DynamoDB does.
 *
 * Errors are thrown as ExprFailure (no label yet). Nesting is bounded (MAX_DEPTH) so malformed input
 * cannot exhaust the stack.
 */
import type { Comparator, RawCall, RawCond, RawOperand, RawPart, RawPath, RawProjection, RawSection, RawUpdate, SectionKeyword } from "./ast.js";
import * as L from "./lexer.js";
import { ExprFailure, M, engineMessage } from "./messages.js";

/** Deeper than any expression that fits in 4 KB can nest; a backstop against stack exhaustion. */
const MAX_DEPTH = 4100;

const COMPARATORS: Readonly<Record<number, Comparator>> = {
  [L.EQ]: "=",
  [L.NE]: "<>",
  [L.LT]: "<",
  [L.LE]: "<=",
  [L.GT]: ">",
  [L.GE]: ">=",
};

const SECTIONS: Readonly<Record<number, SectionKeyword>> = {
  [L.K_SET]: "SET",
  [L.K_REMOVE]: "REMOVE",
  [L.K_ADD]: "ADD",
  [L.K_DELETE]: "DELETE",
};

const MAX_LIST_INDEX = 2147483647;

type CondOrOperand = RawCond | RawOperand;

const isOperand = (x: CondOrOperand): x is RawOperand =>
  x.t === "path" || x.t === "val" || x.t === "fn" || x.t === "arith";

class Parser {
  private pos = 0;
  private depth = 0;
  /** Nodes that are directly wrapped in parentheses (DynamoDB's "hasOuterParens"). */
  private readonly grouped = new Set<object>();

  constructor(private readonly tok: L.Tokens) {}

  private get type(): number {
    return this.tok.types[this.pos] as number;
  }

  private text(at = this.pos): string {
    return this.tok.src.slice(this.tok.starts[at], this.tok.ends[at]);
  }

  private error(at = this.pos): ExprFailure {
    return new ExprFailure(L.syntaxErrorMessage(this.tok, at));
  }

  private expect(type: number): void {
    if (this.type !== type) throw this.error();
    this.pos++;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error();
  }

  private group<T extends object>(inner: T): T {
    if (this.grouped.has(inner)) throw new ExprFailure(engineMessage(M.redundantParens));
    this.grouped.add(inner);
    return inner;
  }

  // ------------------------------------------------------------ start rules

  condition(): RawCond {
    const c = this.or(undefined);
    this.expect(L.EOF);
    return c;
  }

  update(): RawUpdate {
    const sections: RawSection[] = [];
    do {
      const kw = SECTIONS[this.type];
      if (kw === undefined) throw this.error();
      this.pos++;
      const actions = [];
      do {
        const path = this.path();
        if (kw === "SET") {
          this.expect(L.EQ);
          actions.push({ path, value: this.setValue() });
        } else if (kw === "REMOVE") {
          actions.push({ path });
        } else {
          if (this.type !== L.VALUE) throw this.error();
          actions.push({ path, value: { t: "val" as const, name: this.text() } });
          this.pos++;
        }
      } while (this.type === L.COMMA && ++this.pos);
      sections.push({ kw, actions });
    } while (this.type !== L.EOF && SECTIONS[this.type] !== undefined);
    this.expect(L.EOF);
    return { sections };
  }

  projection(): RawProjection {
    const paths = [this.path()];
    while (this.type === L.COMMA) {
      this.pos++;
      paths.push(this.path());
    }
    this.expect(L.EOF);
    return { paths };
  }

  // ------------------------------------------------------------ conditions

  private or(first: RawCond | undefined): RawCond {
    const items = [this.and(first)];
    while (this.type === L.K_OR) {
      this.pos++;
      items.push(this.and(undefined));
    }
    return items.length === 1 ? (items[0] as RawCond) : { t: "or", c: items };
  }

  private and(first: RawCond | undefined): RawCond {
    const items = [first ?? this.not()];
    while (this.type === L.K_AND) {
      this.pos++;
      items.push(this.not());
    }
    return items.length === 1 ? (items[0] as RawCond) : { t: "and", c: items };
  }

  private not(): RawCond {
    if (this.type !== L.K_NOT) return this.primary(false) as RawCond;
    this.pos++;
    this.enter();
    const c = this.not();
    this.depth--;
    return { t: "not", c };
  }

  /**
   * A condition, or (only when `bare` — directly inside parentheses) an operand that the closing
   * parenthesis ends.
   */
  private primary(bare: boolean): CondOrOperand {
    if (this.type === L.LPAREN) {
      this.pos++;
      this.enter();
      const inner = this.groupInner();
      this.expect(L.RPAREN);
      this.depth--;
      this.group(inner);
      return isOperand(inner) ? this.afterOperand(inner, bare) : inner;
    }
    return this.afterOperand(this.bareOperand(), bare);
  }

  /** The inside of a "(" in condition position: a whole condition, or an operand. */
  private groupInner(): CondOrOperand {
    if (this.type === L.K_NOT) return this.or(this.and(this.not()));
    const first = this.primary(true);
    // An operand (or a function that may yet be either) is only possible right before ")".
    if (isOperand(first)) return first;
    return this.or(this.and(first));
  }

  /** What follows an operand in condition position. */
  private afterOperand(a: RawOperand, bare: boolean): CondOrOperand {
    const type = this.type;
    const op = COMPARATORS[type];
    if (op !== undefined) {
      this.pos++;
      return { t: "cmp", op, a, b: this.operand() };
    }
    if (type === L.K_BETWEEN) {
      this.pos++;
      const lo = this.operand();
      this.expect(L.K_AND);
      return { t: "between", a, lo, hi: this.operand() };
    }
    if (type === L.K_IN) {
      this.pos++;
      this.expect(L.LPAREN);
      const list = [this.operand()];
      while (this.type === L.COMMA) {
        this.pos++;
        list.push(this.operand());
      }
      this.expect(L.RPAREN);
      return { t: "in", a, list };
    }
    if (bare && type === L.RPAREN) return a;
    if (a.t === "fn") return { t: "call", fn: a };
    throw this.error();
  }

  // ------------------------------------------------------------ operands

  /** operand := path | :value | function | ( operand ) */
  private operand(): RawOperand {
    if (this.type !== L.LPAREN) return this.bareOperand();
    this.pos++;
    this.enter();
    const inner = this.operand();
    this.expect(L.RPAREN);
    this.depth--;
    return this.group(inner);
  }

  private bareOperand(): RawOperand {
    const type = this.type;
    if (type === L.VALUE) {
      const name = this.text();
      this.pos++;
      return { t: "val", name };
    }
    if (type === L.ID && this.tok.types[this.pos + 1] === L.LPAREN) return this.call();
    if (type === L.ID || type === L.NAME) return this.path();
    throw this.error();
  }

  private call(): RawCall {
    const name = this.text();
    this.pos += 2; // ID (
    this.enter();
    const args = [this.operand()];
    while (this.type === L.COMMA) {
      this.pos++;
      args.push(this.operand());
    }
    this.expect(L.RPAREN);
    this.depth--;
    return { t: "fn", name, args };
  }

  /** SET's value: operand | operand (+|-) operand | ( value ) */
  private setValue(): RawOperand {
    let v: RawOperand;
    if (this.type === L.LPAREN) {
      this.pos++;
      this.enter();
      const inner = this.setValue();
      this.expect(L.RPAREN);
      this.depth--;
      v = this.group(inner);
      if (v.t === "arith") return v;
    } else {
      v = this.bareOperand();
    }
    if (this.type === L.PLUS || this.type === L.MINUS) {
      const op = this.type === L.PLUS ? "+" : "-";
      this.pos++;
      return { t: "arith", op, a: v, b: this.operand() };
    }
    return v;
  }

  private path(): RawPath {
    const type = this.type;
    if (type !== L.ID && type !== L.NAME) throw this.error();
    const parts: RawPart[] = [this.text()];
    this.pos++;
    for (;;) {
      if (this.type === L.DOT) {
        this.pos++;
        const t = this.type;
        if (t !== L.ID && t !== L.NAME && t !== L.VALUE) throw this.error();
        parts.push(this.text());
        this.pos++;
      } else if (this.type === L.LBRACKET) {
        this.pos++;
        if (this.type !== L.INDEX) throw this.error();
        const digits = this.text();
        this.pos++;
        this.expect(L.RBRACKET);
        const n = digits.length <= 10 ? Number(digits) : Infinity;
        parts.push(n <= MAX_LIST_INDEX ? n : { bad: `[${digits}]` });
      } else {
        return { t: "path", parts };
      }
    }
  }
}

export function parseCondition(src: string): RawCond {
  return new Parser(L.tokenize(src)).condition();
}

export function parseUpdate(src: string): RawUpdate {
  return new Parser(L.tokenize(src)).update();
}

export function parseProjection(src: string): RawProjection {
  return new Parser(L.tokenize(src)).projection();
}
