import { describe, expect, it } from "vitest";
import { buildKeyName } from "./key-name.js";

describe("buildKeyName", () => {
  it("hashes record numbers with fnvhash64 when insertorder=hashed", () => {
    expect(buildKeyName(0, "hashed", 1)).toBe("user6284781860667377211");
    expect(buildKeyName(1000, "hashed", 1)).toBe("user5952875239596136740");
    expect(buildKeyName(1, "hashed", 22)).toBe("user0008517097267634966620");
  });

  it("uses the number itself when ordered, zero-padded to zeropadding digits", () => {
    expect(buildKeyName(5, "ordered", 1)).toBe("user5");
    expect(buildKeyName(5, "ordered", 8)).toBe("user00000005");
    expect(buildKeyName(123456789, "ordered", 3)).toBe("user123456789");
  });
});
