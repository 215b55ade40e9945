/**
 * DynamoDB's number type: up to 38 significant digits, magnitude between 1E-130 and 9.99…E+125.
 * Numbers travel as strings; DynamoDB answers with a canonical plain-notation form (no exponent,
 * no leading/trailing zeros, no "-0"), which is what `normalizeNumber` produces.
 */
import BigLib from "big.js";
import { validationError } from "../http/errors.js";

// A private constructor so settings here never leak into (or depend on) other users of big.js.
const Big = BigLib();

export const NUMBER_NOT_NUMERIC = "The parameter cannot be converted to a numeric value";
export const NUMBER_OVERFLOW =
  "Number overflow. Attempting to store a number with magnitude larger than supported range";
export const NUMBER_UNDERFLOW =
  "Number underflow. Attempting to store a number with magnitude smaller than supported range";
export const NUMBER_TOO_PRECISE = "Attempting to store more than 38 significant digits in a Number";

// Plain integers without leading zeros are already canonical and always in range: skip big.js for them
// (they are by far the most common numbers on the hot path).
const CANONICAL_SMALL_INT = /^-?[1-9][0-9]{0,36}$/;

/**
 * The reason `text` is not a storable DynamoDB number, or undefined when it is.
 * On success `out.value` (when given) receives the canonical form.
 */
export function numberProblem(text: string, out?: { value: string }): string | undefined {
  if (CANONICAL_SMALL_INT.test(text) || text === "0") {
    if (out) out.value = text;
    return undefined;
  }
  if (!text) return NUMBER_NOT_NUMERIC;
  let n: BigLib.Big;
  try {
    n = new Big(text);
  } catch {
    return `${NUMBER_NOT_NUMERIC}: ${text}`;
  }
  // DynamoDB checks the range before the precision (a 39-digit 1e126 reports overflow).
  if (n.e > 125) return NUMBER_OVERFLOW;
  if (n.e < -130) return NUMBER_UNDERFLOW;
  if (n.c.length > 38) return NUMBER_TOO_PRECISE;
  if (out) out.value = n.toFixed();
  return undefined;
}

const scratch = { value: "" };

/** Validates a DynamoDB number and returns its canonical form; throws DynamoDB's ValidationException. */
export function normalizeNumber(text: string): string {
  const problem = numberProblem(text, scratch);
  if (problem !== undefined) throw validationError(problem);
  return scratch.value;
}

/** Compares two valid DynamoDB numbers numerically (-1, 0, 1). */
export function compareNumbers(a: string, b: string): number {
  return new Big(a).cmp(new Big(b));
}
