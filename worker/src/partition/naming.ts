/** A partition's Durable Object name: unique per table creation (table id) and partition index. */
export const partitionName = (tableId: string, index: number) => `${tableId}/${index}`;
