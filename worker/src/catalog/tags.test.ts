import { describe, expect, it } from "vitest";
import { addTags, MAX_TAGS, removeTags } from "./tags.js";

const tag = (Key: string, Value = "v") => ({ Key, Value });
const many = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => tag(`${prefix}${i}`));

describe("addTags", () => {
  it("adds new keys and overwrites existing ones, keeping the others", () => {
    expect(addTags([tag("a", "1"), tag("b", "2")], [tag("b", "3"), tag("c", "4")], 4)).toEqual({ tags: [tag("a", "1"), tag("b", "3"), tag("c", "4")] });
  });

  it("allows exactly 50 tags and refuses the 51st, counting overwrites once", () => {
    expect(addTags(many(30), many(30, "k").slice(10).concat(many(10, "x")), 1)).toEqual({ tags: expect.any(Array) });
    const full = addTags([], many(MAX_TAGS), 1);
    expect("tags" in full && full.tags).toHaveLength(MAX_TAGS);
    const over = addTags(many(MAX_TAGS), [tag("one-more")], 1);
    expect(over).toEqual({ error: { type: "com.amazon.coral.validate#ValidationException", message: expect.stringContaining("at most 50 tags; this request would give it 51") } });
    expect(addTags(many(MAX_TAGS), [tag("k3", "new value")], 1)).toEqual({ tags: expect.any(Array) });
  });

  it("refuses to change shvm:partitions but accepts the table's own count", () => {
    const r = addTags([tag("shvm:partitions", "8")], [tag("shvm:partitions", "16")], 8);
    expect("error" in r && r.error.message).toBe(
      "One or more parameter values were invalid: tag shvm:partitions is fixed when a table is created (this table has 8 partitions) and cannot be changed by TagResource",
    );
    expect(addTags([], [tag("shvm:partitions", "4")], 4)).toEqual({ tags: [tag("shvm:partitions", "4")] });
    expect("error" in addTags([], [tag("shvm:partitions", "04")], 4)).toBe(true);
  });
});

describe("removeTags", () => {
  it("removes the given keys; keys that are not there are no error", () => {
    expect(removeTags([tag("a"), tag("b"), tag("c")], ["b", "zz"])).toEqual({ tags: [tag("a"), tag("c")] });
  });

  it("refuses to remove shvm:partitions when the table has it, and removes nothing then", () => {
    const r = removeTags([tag("a"), tag("shvm:partitions", "2")], ["a", "shvm:partitions"]);
    expect("error" in r && r.error.message).toMatch(/shvm:partitions is fixed when a table is created and cannot be removed by UntagResource$/);
    expect(removeTags([tag("a")], ["shvm:partitions"])).toEqual({ tags: [tag("a")] });
  });
});
