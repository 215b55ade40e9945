/** A TargetDefinition over the fake binding, for the commands' tests (no server: prepare only echoes). */
import type { PreparedTarget, TargetDefinition } from "../../target.js";
import type { TargetRegistry } from "../../cli/targets.js";
import { TargetUnavailable } from "../../target.js";

export const fakeTarget: TargetDefinition = {
  name: "fake",
  summary: "in-memory fake binding (tests of the load generator)",
  bindingModule: new URL("./fake-binding.ts", import.meta.url).href,
  async prepare(properties, phase): Promise<PreparedTarget> {
    return {
      properties: { ...properties, "fake.preparedFor": phase },
      description: { kind: "fake", phase },
      serverPids: [],
      async close() {},
    };
  },
};

/** A target that is never there (lab skipping, one-line error). */
export const absentTarget: TargetDefinition = {
  name: "absent",
  summary: "a peer that is not running",
  bindingModule: fakeTarget.bindingModule,
  async prepare() {
    throw new TargetUnavailable("absent", "nothing listens on 127.0.0.1:1", "start-absent --now");
  },
};

export const fakeRegistry: TargetRegistry = {
  targets: { fake: fakeTarget, absent: absentTarget },
  order: ["fake", "absent"],
  endpointProperty: (t) => (t === "fake" ? "fake.endpoint" : undefined),
};
