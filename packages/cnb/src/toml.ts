import type TOML from "@iarna/toml";

// The two modules used, not the package's index: that also loads its stream parser and with it
// node:stream, several milliseconds of every compiled detect's start-up. Each is loaded when
// first used (a detect that fails never writes TOML, nor reads any but buildpack.toml).
const parse = (text: string): TOML.JsonMap => (require("@iarna/toml/parse-string") as (text: string) => TOML.JsonMap)(text);
const stringify = (table: TOML.JsonMap): string => (require("@iarna/toml/stringify") as (table: TOML.JsonMap) => string)(table);

/** Any value that TOML can hold; undefined members are dropped before writing. */
export type TomlTable = { [key: string]: unknown };

export function parseToml(text: string): TomlTable {
  return parse(text) as TomlTable;
}

export function stringifyToml(table: TomlTable): string {
  return stringify(dropUndefined(table) as TOML.JsonMap);
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
