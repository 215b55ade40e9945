/** DeleteTable (after dynalite's validations/deleteTable.js). */
import { tableOperationName } from "./common.js";
import type { DeleteTableInput } from "./inputs.js";
import type { OperationSchema } from "./schema.js";

export const deleteTable: OperationSchema<DeleteTableInput> = {
  members: { TableName: tableOperationName },
};
