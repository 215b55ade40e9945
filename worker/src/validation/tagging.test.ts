/** TagResource, UntagResource, ListTagsOfResource: dynalite's validations/tagResource.js, untagResource.js, listTagsOfResource.js. */
import { describe, expect, it } from "vitest";
import { errorOf, validation } from "./test-support.js";

const ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/abc";

describe("tagging validation", () => {
  it("checks the ARN before the list, and the list's presence before the table ARN's form", () => {
    expect(validation("TagResource", {})).toBe("Invalid TableArn");
    expect(validation("TagResource", { Tags: [] })).toBe("Invalid TableArn");
    expect(errorOf("TagResource", { ResourceArn: "nope" })).toMatchObject({
      type: "com.amazon.coral.service#AccessDeniedException",
      message: "User: arn:aws:iam::000000000000:root is not authorized to perform: dynamodb:TagResource on resource: nope",
    });
    expect(validation("TagResource", { ResourceArn: "a:b:c:d:e:f/g" })).toBe(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
    expect(validation("TagResource", { ResourceArn: "a:b:c:d:e:f/g", Tags: [] })).toBe("Invalid TableArn: Invalid ResourceArn provided as input a:b:c:d:e:f/g");
    expect(validation("TagResource", { ResourceArn: ARN, Tags: [] })).toBe("Atleast one Tag needs to be provided as Input.");
    expect(errorOf("TagResource", { ResourceArn: ARN, Tags: [{ Key: "a", Value: "b" }] })).toBeUndefined();
  });

  it("refuses a table ARN whose name is shorter than 3 characters or that names an index", () => {
    for (const arn of ["arn:aws:dynamodb:us-east-1:000000000000:table/ab", `${ARN}/index/i1`]) {
      expect(validation("ListTagsOfResource", { ResourceArn: arn })).toBe(`Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
    }
  });

  it("holds tag keys and values to their lengths in the constraint pass", () => {
    expect(validation("TagResource", { ResourceArn: ARN, Tags: [{ Key: "", Value: "v".repeat(257) }] })).toBe(
      "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        `Value '${"v".repeat(257)}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });

  it("UntagResource and ListTagsOfResource name themselves in AccessDenied", () => {
    expect(validation("UntagResource", { ResourceArn: ARN })).toBe(
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
    expect(validation("UntagResource", { ResourceArn: ARN, TagKeys: [] })).toBe("Atleast one Tag Key needs to be provided as Input.");
    expect(errorOf("UntagResource", { ResourceArn: "x", TagKeys: ["a"] })?.message).toMatch(/dynamodb:UntagResource on resource: x$/);
    expect(errorOf("ListTagsOfResource", { ResourceArn: "x" })?.message).toMatch(/dynamodb:ListTagsOfResource on resource: x$/);
  });
});
