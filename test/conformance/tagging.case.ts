/** Tagging contract: TagResource, UntagResource, ListTagsOfResource on table ARNs (dynalite implements all three). */
import {
  ListTagsOfResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type Tag,
} from "@aws-sdk/client-dynamodb";
import { describe, expect } from "vitest";
import { caseIt, createTable, errorOf, expectError, expectValidation, tableInput, uniqueName, type Target } from "./target";

const byKey = (tags: Tag[] | undefined) => [...(tags ?? [])].sort((a, b) => (a.Key! < b.Key! ? -1 : a.Key! > b.Key! ? 1 : 0));

export function taggingCases(t: Target): void {
  const c = () => t.client();
  const list = async (ResourceArn: string) => byKey((await c().send(new ListTagsOfResourceCommand({ ResourceArn }))).Tags);
  const newTable = async (prefix: string, Tags?: Tag[]) => {
    const d = await createTable(c(), { ...tableInput(uniqueName(prefix)), ...(Tags ? { Tags } : {}) });
    return d.TableArn!;
  };

  describe("TagResource / UntagResource / ListTagsOfResource", () => {
    caseIt(t, "tags.from-create", "lists the tags a table was created with", async () => {
      const arn = await newTable("tag-cr", [{ Key: "team", Value: "blue" }, { Key: "env", Value: "prod" }]);
      expect(await list(arn)).toEqual([{ Key: "env", Value: "prod" }, { Key: "team", Value: "blue" }]);
    });

    caseIt(t, "tags.roundtrip", "adds, overwrites and removes tags; removing a missing key is no error", async () => {
      const arn = await newTable("tag-rt");
      expect(await list(arn)).toEqual([]);
      await c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "team", Value: "blue" }] }));
      expect(await list(arn)).toEqual([{ Key: "team", Value: "blue" }]);
      await c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "env", Value: "test" }, { Key: "team", Value: "red" }, { Key: " ", Value: "" }] }));
      expect(await list(arn)).toEqual([{ Key: " ", Value: "" }, { Key: "env", Value: "test" }, { Key: "team", Value: "red" }]);
      await c().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team", "not-there", " "] }));
      expect(await list(arn)).toEqual([{ Key: "env", Value: "test" }]);
      await c().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["env"] }));
      expect(await list(arn)).toEqual([]);
    });

    caseIt(t, "tags.missing-arn", "a missing ResourceArn is 'Invalid TableArn'", async () => {
      await expectValidation(c().send(new ListTagsOfResourceCommand({} as never)), "Invalid TableArn");
      await expectValidation(c().send(new TagResourceCommand({ Tags: [{ Key: "a", Value: "b" }] } as never)), "Invalid TableArn");
      await expectValidation(c().send(new UntagResourceCommand({ TagKeys: ["a"] } as never)), "Invalid TableArn");
    });

    caseIt(t, "tags.malformed-arn", "an ARN of the wrong shape is AccessDeniedException naming the operation and the ARN", async () => {
      for (const [send, op] of [
        [(arn: string) => c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "a", Value: "b" }] })), "TagResource"],
        [(arn: string) => c().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a"] })), "UntagResource"],
        [(arn: string) => c().send(new ListTagsOfResourceCommand({ ResourceArn: arn })), "ListTagsOfResource"],
      ] as const) {
        const err = await errorOf(send("I_do_not_exist"));
        expect(err.name).toBe("AccessDeniedException");
        expect(err.message).toMatch(new RegExp(`^User: arn:aws:iam::\\d+:\\S+ is not authorized to perform: dynamodb:${op} on resource: I_do_not_exist$`));
      }
    });

    caseIt(t, "tags.null-list", "a table ARN without Tags / TagKeys fails the not-null constraint", async () => {
      const arn = await newTable("tag-null");
      await expectValidation(
        c().send(new TagResourceCommand({ ResourceArn: arn } as never)),
        "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
      );
      await expectValidation(
        c().send(new UntagResourceCommand({ ResourceArn: arn } as never)),
        "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
      );
    });

    caseIt(t, "tags.not-a-table-arn", "an ARN-shaped value that is not a DynamoDB table ARN is 'Invalid TableArn: ...'", async () => {
      const arn = "arn:aws:s3:us-east-1:000000000000:bucket/abc";
      await expectValidation(c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "a", Value: "b" }] })), `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
      await expectValidation(c().send(new ListTagsOfResourceCommand({ ResourceArn: arn })), `Invalid TableArn: Invalid ResourceArn provided as input ${arn}`);
    });

    caseIt(t, "tags.empty-list", "an empty Tags / TagKeys list is refused", async () => {
      const arn = await newTable("tag-empty");
      await expectValidation(c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [] })), "Atleast one Tag needs to be provided as Input.");
      await expectValidation(c().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: [] })), "Atleast one Tag Key needs to be provided as Input.");
    });

    caseIt(t, "tags.unknown-table", "a well-formed ARN of a table that does not exist is ResourceNotFoundException", async () => {
      const arn = (await newTable("tag-unknown")) + "x";
      await expectError(
        c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "a", Value: "b" }] })),
        "ResourceNotFoundException",
        `Requested resource not found: ResourcArn: ${arn} not found`,
      );
      await expectError(c().send(new ListTagsOfResourceCommand({ ResourceArn: arn })), "ResourceNotFoundException", `Requested resource not found: ResourcArn: ${arn} not found`);
      await expectError(c().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a"] })), "ResourceNotFoundException", "Requested resource not found");
    });

    caseIt(t, "tags.key-length", "a tag key longer than 128 characters fails its length constraint", async () => {
      const arn = await newTable("tag-len");
      const err = await errorOf(c().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "k".repeat(129), Value: "v" }] })));
      expect(err.name).toBe("ValidationException");
      expect(err.message).toMatch(/^1 validation error detected: Value '.*' at 'tags\.1\.member\.key' failed to satisfy constraint: Member must have length less than or equal to 128$/);
      expect(await list(arn)).toEqual([]);
    });

    caseIt(t, "tags.limit", "more than 50 tags on a table is a ValidationException and changes nothing", async () => {
      const arn = await newTable("tag-limit");
      const tags = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ Key: `k${from + i}`, Value: "v" }));
      await c().send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(0, 30) }));
      await c().send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(20, 50) }));
      expect(await list(arn)).toHaveLength(50);
      const err = await errorOf(c().send(new TagResourceCommand({ ResourceArn: arn, Tags: tags(50, 51) })));
      expect(err.name).toBe("ValidationException");
      expect(await list(arn)).toHaveLength(50);
    });
  });
}
