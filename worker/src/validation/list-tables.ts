/** ListTables (after dynalite's validations/listTables.js). */
import { NAME_PATTERN } from "./common.js";
import type { ListTablesInput } from "./inputs.js";
import { gte, integer, lte, maxLen, minLen, regex, string, type OperationSchema } from "./schema.js";

export const listTables: OperationSchema<ListTablesInput> = {
  members: {
    Limit: integer(gte(1), lte(100)),
    ExclusiveStartTableName: string(regex(NAME_PATTERN), minLen(3), maxLen(255)),
  },
};
