/** DynamoDB's data model as it travels in JSON (AttributeValue), shared by the router and the partitions. */

export type ScalarType = "S" | "N" | "B";

export type AttributeValue =
  | { S: string }
  | { N: string }
  | { B: string } // base64 on the wire and in storage
  | { BOOL: boolean }
  | { NULL: true }
  | { M: Item }
  | { L: AttributeValue[] }
  | { SS: string[] }
  | { NS: string[] }
  | { BS: string[] };

export type Item = Record<string, AttributeValue>;

export type KeyType = "HASH" | "RANGE";

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: KeyType;
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: ScalarType;
}

/** What an operation needs to know about a table's primary key. */
export interface KeyInfo {
  hashName: string;
  hashType: ScalarType;
  rangeName?: string;
  rangeType?: ScalarType;
}
