import { describe, expect, it } from "vitest";
import { DynamoError } from "../http/errors.js";
import { compareNumbers, normalizeNumber, numberProblem } from "./number.js";

const VALIDATION = "com.amazon.coral.validate#ValidationException";

function failure(text: string): string {
  try {
    normalizeNumber(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DynamoError);
    expect((e as DynamoError).type).toBe(VALIDATION);
    return (e as DynamoError).message;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("normalizeNumber", () => {
  it.each([
    ["0", "0"],
    ["-0", "0"],
    ["0.0", "0"],
    ["-0.0", "0"],
    ["1e2", "100"],
    ["1E2", "100"],
    ["00012.3400", "12.34"],
    ["1.", "1"],
    [".5", "0.5"],
    ["-56.789", "-56.789"],
    ["123", "123"],
    ["-123", "-123"],
    ["100", "100"],
    ["0000012345678901234567890123456789012345678", "12345678901234567890123456789012345678"],
    ["-00001.23456789012345678901234567890123456780000", "-1.2345678901234567890123456789012345678"],
    ["0009.99999999999999999999999999999999999990000e125", "9".repeat(38) + "0".repeat(88)],
    ["-0009.99999999999999999999999999999999999990000e125", "-" + "9".repeat(38) + "0".repeat(88)],
    ["0001.000e-130", "0." + "0".repeat(129) + "1"],
    ["-1E-130", "-0." + "0".repeat(129) + "1"],
  ])("%s -> %s", (text, canonical) => {
    expect(normalizeNumber(text)).toBe(canonical);
  });

  it("accepts 38 significant digits and rejects 39", () => {
    expect(normalizeNumber("1".repeat(38))).toBe("1".repeat(38));
    expect(normalizeNumber("1".repeat(38) + "000")).toBe("1".repeat(38) + "000");
    expect(failure("1".repeat(39))).toBe("Attempting to store more than 38 significant digits in a Number");
    expect(failure("-1.23456789012345678901234567890123456789")).toBe(
      "Attempting to store more than 38 significant digits in a Number",
    );
  });

  it("rejects overflow and underflow", () => {
    const overflow = "Number overflow. Attempting to store a number with magnitude larger than supported range";
    const underflow = "Number underflow. Attempting to store a number with magnitude smaller than supported range";
    expect(failure("1e126")).toBe(overflow);
    expect(failure("-1e126")).toBe(overflow);
    expect(failure("1" + "0".repeat(126))).toBe(overflow);
    expect(failure("1E-131")).toBe(underflow);
    expect(failure("-1e-131")).toBe(underflow);
    // The range is checked before the precision.
    expect(failure("1".repeat(39) + "e100")).toBe(overflow);
  });

  it("rejects what is not a number", () => {
    expect(failure("")).toBe("The parameter cannot be converted to a numeric value");
    for (const text of [" 1", "1 ", "NaN", "Infinity", "-Infinity", "0x10", "b", "1e", "--1", "1.2.3"]) {
      expect(failure(text)).toBe(`The parameter cannot be converted to a numeric value: ${text}`);
    }
  });

  it("reports problems without throwing through numberProblem", () => {
    expect(numberProblem("12")).toBeUndefined();
    expect(numberProblem("x")).toBe("The parameter cannot be converted to a numeric value: x");
    const out = { value: "" };
    expect(numberProblem("1.50", out)).toBeUndefined();
    expect(out.value).toBe("1.5");
  });

  it("compares numerically", () => {
    expect(compareNumbers("10", "9")).toBe(1);
    expect(compareNumbers("-1", "1")).toBe(-1);
    expect(compareNumbers("1.0", "1")).toBe(0);
  });
});
