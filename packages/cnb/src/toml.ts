import TOML from "@iarna/toml";

/** Any value that TOML can hold; undefined members are dropped before writing. */
export type TomlTable = { [key: string]: unknown };

export function parseToml(text: string): TomlTable {
  return TOML.parse(text) as TomlTable;
}

export function stringifyToml(table: TomlTable): string {
  return TOML.stringify(dropUndefined(table) as TOML.JsonMap);
}

function dropUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropUndefined);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const out: TomlTable = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = dropUndefined(member);
    }
    return out;
  }
  return value;
}
