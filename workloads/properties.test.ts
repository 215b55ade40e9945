import { describe, expect, it } from "vitest";
import { normaliseOverrides, parseOverride, parseProperties } from "./properties.js";

describe("parseProperties", () => {
  it("reads key=value lines, skipping comments and blank lines, trimming around the separator", () => {
    const p = parseProperties(
      ["# comment", "! also a comment", "", "   ", "recordcount=1000", "  readproportion = 0.5  ", "table:usertable", "fieldcount 10", "empty="].join("\n"),
    );
    expect({ ...p }).toEqual({ recordcount: "1000", readproportion: "0.5", table: "usertable", fieldcount: "10", empty: "" });
  });

  it("handles CRLF, tabs, continuation lines, escapes and repeated keys (last wins)", () => {
    const text = "a=1\r\nb\t=\t2\r\nlong = one,\\\n      two\nk\\=ey=v\\u0041\\t!\na=3\n# trailing comment \\\nc=4";
    const p = parseProperties(text);
    expect(p.a).toBe("3");
    expect(p.b).toBe("2");
    expect(p.long).toBe("one,two");
    expect(p["k=ey"]).toBe("vA\t!");
    expect(p.c).toBe("4"); // a comment line ending in a backslash does not continue
  });

  it("parses YCSB's own file layout (license header, blank lines, workload class)", () => {
    const text = "# Copyright (c) 2010 Yahoo! Inc.\n#\n\nrecordcount=1000\nworkload=site.ycsb.workloads.CoreWorkload\n\nrequestdistribution=zipfian\n\n";
    expect({ ...parseProperties(text) }).toEqual({
      recordcount: "1000",
      workload: "site.ycsb.workloads.CoreWorkload",
      requestdistribution: "zipfian",
    });
  });
});

describe("-p overrides", () => {
  it("splits at the first =", () => {
    expect(parseOverride("recordcount=5")).toEqual(["recordcount", "5"]);
    expect(parseOverride("url=http://h/?a=b")).toEqual(["url", "http://h/?a=b"]);
    expect(() => parseOverride("novalue")).toThrow(/key=value/);
    expect(() => parseOverride("=5")).toThrow(/key=value/);
  });

  it("accepts an argument list or an object", () => {
    expect({ ...normaliseOverrides(["a=1", "b=2", "a=3"]) }).toEqual({ a: "3", b: "2" });
    expect({ ...normaliseOverrides({ a: "1" }) }).toEqual({ a: "1" });
    expect({ ...normaliseOverrides(undefined) }).toEqual({});
  });
});
