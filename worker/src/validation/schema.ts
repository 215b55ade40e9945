/**
 * Request shapes as data: each operation describes its parameters with these builders, and the
 * generic passes (serialization.ts, constraints.ts) interpret them the way DynamoDB's service
 * framework does.
 *
 * Order matters everywhere: members are type-checked and constraint-checked in declaration order,
 * and a field's rules run in the order given (DynamoDB lists its "validation errors" that way).
 */

/** The wire types DynamoDB's deserializer distinguishes; each has its own SerializationException texts. */
export type Kind =
  | "String"
  | "Boolean"
  | "Integer"
  | "Long"
  | "Blob"
  | "List"
  | "ParameterizedList" // a list nested directly in a map (BatchWriteItem.RequestItems values)
  | "Map"
  | "ParameterizedMap" // a map nested directly in a list (BatchGetItem Keys elements)
  | "ValueStruct" // a structure appearing as a list/map element
  | "FieldStruct" // a structure appearing as a member
  | "AttrStruct"; // an AttributeValue (sub says whether it sits as a value or as a field)

export type Rule = (
  | { readonly k: "notNull" }
  | { readonly k: "gte"; readonly n: number }
  | { readonly k: "lte"; readonly n: number }
  | { readonly k: "regex"; readonly src: string; readonly re: RegExp }
  | { readonly k: "minLen"; readonly n: number }
  | { readonly k: "maxLen"; readonly n: number }
  | { readonly k: "enum"; readonly values: readonly string[] }
  | { readonly k: "keys"; readonly rules: readonly Rule[] }
  | { readonly k: "values"; readonly rules: readonly Rule[] }
) & {
  /** When this rule fails, the field's later rules are not checked (DynamoDB's TableArn length of 1). */
  readonly stop?: boolean;
  /**
   * DynamoDB reports this rule in its newer wording: "Value at 'RequestItems.t.member.Keys'" (the
   * members' names as sent, no value echoed) instead of "Value '...' at 'requestItems.t.member.keys'".
   */
  readonly bare?: boolean;
};

export interface Field {
  readonly kind: Kind;
  /** Java type name used in SerializationException texts (e.g. "KeySchemaElement"), or "". */
  readonly sub: string;
  readonly rules: readonly Rule[];
  /** Element type of a list or map. */
  readonly of?: Field;
  /** Members of a structure, in DynamoDB's order. */
  readonly members?: Members;
  /** Top-level only: "The parameter 'X' is required but was not present in the request". */
  readonly required?: boolean;
  /** Top-level only: DynamoDB's length check on table-level operations' TableName. */
  readonly tableName?: boolean;
  /** Whether any rule exists in this subtree: lets the constraint pass skip item contents. */
  readonly deep: boolean;
}

export type Members = Readonly<Record<string, Field>>;

// ---- rules ----

export const notNull: Rule = { k: "notNull" };
export const gte = (n: number): Rule => ({ k: "gte", n });
export const lte = (n: number): Rule => ({ k: "lte", n });
export const minLen = (n: number): Rule => ({ k: "minLen", n });
export const maxLen = (n: number): Rule => ({ k: "maxLen", n });
export const regex = (src: string): Rule => ({ k: "regex", src, re: new RegExp(`^(?:${src})$`) });
export const oneOf = (...values: string[]): Rule => ({ k: "enum", values });
/** `r`, after which a failure ends the field's checks. */
export const stopping = (r: Rule): Rule => ({ ...r, stop: true });
/** `r`, reported in DynamoDB's newer wording (see Rule.bare). */
export const bare = (r: Rule): Rule => ({ ...r, bare: true });
/** Constraints every key of a map must satisfy (reported once per failing key, on the whole map). */
export const mapKeys = (...rules: Rule[]): Rule => ({ k: "keys", rules });
/** Constraints every value of a map must satisfy (reported once per failing value, on the whole map). */
export const mapValues = (...rules: Rule[]): Rule => ({ k: "values", rules });

// ---- fields ----

function field(kind: Kind, sub: string, rules: Rule[], of?: Field, members?: Members): Field {
  let deep = rules.length > 0 || (of?.deep ?? false);
  if (members) for (const name in members) deep ||= (members[name] as Field).deep;
  const f: { -readonly [K in keyof Field]: Field[K] } = { kind, sub, rules, deep };
  if (of) f.of = of;
  if (members) f.members = members;
  return f;
}

export const string = (...rules: Rule[]) => field("String", "", rules);
export const boolean = (...rules: Rule[]) => field("Boolean", "", rules);
export const integer = (...rules: Rule[]) => field("Integer", "", rules);
export const long = (...rules: Rule[]) => field("Long", "", rules);
export const list = (of: Field, ...rules: Rule[]) => field("List", "", rules, of);
export const parameterizedList = (of: Field, ...rules: Rule[]) => field("ParameterizedList", "", rules, of);
export const map = (sub: string, of: Field, ...rules: Rule[]) => field("Map", sub, rules, of);
export const parameterizedMap = (of: Field, ...rules: Rule[]) => field("ParameterizedMap", "", rules, of);
export const valueStruct = (sub: string, members: Members, ...rules: Rule[]) =>
  field("ValueStruct", sub, rules, undefined, members);
export const fieldStruct = (sub: string, members: Members, ...rules: Rule[]) =>
  field("FieldStruct", sub, rules, undefined, members);

/** An AttributeValue that is a list element or map value. */
export const attrValue: Field = field("AttrStruct", "ValueStruct", []);
/** An AttributeValue that is a structure member (Expected.Value, AttributeUpdates.Value). */
export const attrField: Field = field("AttrStruct", "FieldStruct", []);
/** Map<String, AttributeValue>: Item, Key, ExpressionAttributeValues, ExclusiveStartKey. */
export const attrMap = (...rules: Rule[]) => map("AttributeValue", attrValue, ...rules);

/** Marks a top-level parameter as required and/or subject to the table-name length check. */
export function topLevel(f: Field, opts: { required?: boolean; tableName?: boolean }): Field {
  return { ...f, ...opts };
}

/** What an operation's validation module exports. */
export interface OperationSchema<T = unknown> {
  readonly members: Members;
  /** DynamoDB's semantic checks after the shape is valid; returns a ValidationException message. */
  readonly custom?: (data: T) => string | undefined;
}
