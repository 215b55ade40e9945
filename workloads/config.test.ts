import { describe, expect, it } from "vitest";
import { CORE_WORKLOAD_DEFAULTS, INT_MAX, resolveConfig } from "./config.js";

describe("resolveConfig", () => {
  it("fills in CoreWorkload's defaults", () => {
    const c = resolveConfig({ recordcount: "1000" });
    expect(c).toMatchObject({
      table: "usertable",
      recordcount: 1000,
      operationcount: 0,
      fieldcount: 10,
      fieldlength: 100,
      minfieldlength: 1,
      fieldlengthdistribution: "constant",
      fieldnameprefix: "field",
      readallfields: true,
      writeallfields: false,
      dataintegrity: false,
      readproportion: 0.95,
      updateproportion: 0.05,
      insertproportion: 0,
      scanproportion: 0,
      readmodifywriteproportion: 0,
      requestdistribution: "uniform",
      zeropadding: 1,
      minscanlength: 1,
      maxscanlength: 1000,
      scanlengthdistribution: "uniform",
      insertorder: "hashed",
      insertstart: 0,
      insertcount: 1000,
      hotspotdatafraction: 0.2,
      hotspotopnfraction: 0.8,
      "exponential.percentile": 95,
      "exponential.frac": 0.8571428571,
    });
    expect(c.properties.table).toBe("usertable");
    expect(Object.isFrozen(CORE_WORKLOAD_DEFAULTS)).toBe(true);
  });

  it("derives insertcount from recordcount - insertstart, and recordcount 0 as Integer.MAX_VALUE", () => {
    expect(resolveConfig({ recordcount: "1000", insertstart: "400" }).insertcount).toBe(600);
    expect(resolveConfig({ recordcount: "0" }).insertcount).toBe(INT_MAX);
    expect(() => resolveConfig({ recordcount: "1000", insertstart: "500", insertcount: "600" })).toThrow(
      /recordcount must be bigger than insertstart \+ insertcount/,
    );
  });

  it("keeps properties it does not know (for bindings)", () => {
    expect(resolveConfig({ recordcount: "10", "shvm.endpoint": "http://127.0.0.1:8787" }).properties["shvm.endpoint"]).toBe(
      "http://127.0.0.1:8787",
    );
  });

  it("rejects unknown distributions with YCSB's messages", () => {
    expect(() => resolveConfig({ requestdistribution: "zipf" })).toThrow('Unknown request distribution "zipf"');
    expect(() => resolveConfig({ scanlengthdistribution: "latest" })).toThrow('Distribution "latest" not allowed for scan length');
    expect(() => resolveConfig({ fieldlengthdistribution: "normal" })).toThrow('Unknown field length distribution "normal"');
    expect(() => resolveConfig({ fieldlengthdistribution: "histogram" })).toThrow(/not supported/);
    expect(() => resolveConfig({ insertorder: "random" })).toThrow(/insertorder/);
  });

  it("insists the proportions sum to 1", () => {
    expect(() => resolveConfig({ readproportion: "0.5", updateproportion: "0.4" })).toThrow(/sum to 1, got 0.9/);
    expect(() => resolveConfig({ readproportion: "0.7", updateproportion: "0.2", insertproportion: "0.1" })).not.toThrow();
    expect(() => resolveConfig({ readproportion: "-0.5", updateproportion: "1.5" })).toThrow(/between 0 and 1/);
  });

  it("type-checks values the way Java would parse them, strictly", () => {
    expect(() => resolveConfig({ recordcount: "1e6" })).toThrow(/must be an integer/);
    expect(() => resolveConfig({ recordcount: "-1" })).toThrow(/at least 0/);
    expect(() => resolveConfig({ readallfields: "yes" })).toThrow(/true or false/);
    expect(resolveConfig({ readallfields: "FALSE" }).readallfields).toBe(false);
    expect(() => resolveConfig({ readproportion: "half" })).toThrow(/must be a number/);
    expect(() => resolveConfig({ hotspotdatafraction: "2" })).toThrow(/between 0 and 1/);
    expect(() => resolveConfig({ fieldcount: "0" })).toThrow(/at least 1/);
    expect(() => resolveConfig({ minscanlength: "10", maxscanlength: "5" })).toThrow(/minscanlength/);
    expect(() => resolveConfig({ workload: "site.ycsb.workloads.TimeSeriesWorkload" })).toThrow(/only CoreWorkload/);
    expect(() => resolveConfig({ dataintegrity: "true", fieldlengthdistribution: "uniform" })).toThrow(/constant field size/);
  });
});
