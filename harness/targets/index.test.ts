import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { endpointProperty, TARGET_ORDER, targets } from "./index.js";

describe("target registry", () => {
  it("has every target of the lab, in its order, under its own name, with a binding module on disk", () => {
    expect(Object.keys(targets).sort()).toEqual([...TARGET_ORDER].sort());
    expect(TARGET_ORDER[0]).toBe("shvm");
    for (const [name, t] of Object.entries(targets)) {
      expect(t.name).toBe(name);
      expect(t.summary.length).toBeGreaterThan(0);
      // An absolute path or a file URL (harness/target.ts allows both).
      expect(existsSync(t.bindingModule.startsWith("file:") ? fileURLToPath(t.bindingModule) : t.bindingModule)).toBe(true);
    }
  });

  it("maps --endpoint to the property of the targets that take one", () => {
    expect(endpointProperty("shvm")).toBe("shvm.endpoint");
    expect(endpointProperty("dynamodb")).toBe("dynamodb.endpoint");
    expect(endpointProperty("sqlite")).toBeUndefined();
  });
});
