// What detect checks of a tool beyond its shape, with what go-detect read of the package: that
// its name is one MCP clients take, and that the SDK can infer an object schema from its input
// type. mcp.AddTool panics at start-up for an input that infers to anything but a JSON object;
// detect refuses the inputs it can see will, and the generated server stops with the reason
// for those it cannot see (types declared in other packages, local map or slice types).
import type { Candidate, GoPackage, GoType, TypeRef } from "@fnpacks/go-detect";
import { NEAR_MISSES, TOOL } from "./specs";

/** What vet says of a match: refused with why, or kept with what build needs of it. */
export type ToolVerdict = { refused: string } | { details?: Record<string, string> };

/** How long a tool name may be: the MCP specification's limit (the SDK logs an error past it). */
export const MAX_TOOL_NAME_LENGTH = 128;
/** The characters of a tool name the specification allows, of those Go identifiers can have. */
const TOOL_NAME = /^[A-Za-z0-9_]+$/;

/**
 * A match of MCP_SPECS, vetted: a near miss is refused with its reason; a tool is refused if
 * MCP clients would not take its name or the SDK cannot use its input type, and kept otherwise
 * with its description, the function's doc comment.
 */
export function vetTool(match: Candidate, pkg: GoPackage): ToolVerdict {
  if (match.specId !== TOOL) return { refused: NEAR_MISSES[match.specId as keyof typeof NEAR_MISSES] ?? `is no tool (${match.specId})` };
  if (!TOOL_NAME.test(match.name) || match.name.length > MAX_TOOL_NAME_LENGTH) {
    return {
      refused: `its name is not an MCP tool name (ASCII letters, digits and _, at most ${MAX_TOOL_NAME_LENGTH}): the tool's name is the function's, so rename it`,
    };
  }
  const input = match.bindings?.find((b) => b.name === "In")?.type;
  const problem = input && inputProblem(input, pkg);
  if (problem) {
    return {
      refused: `its input type ${input.text} ${problem}: the SDK infers the tool's input schema from it and needs a JSON object (mcp.AddTool panics at start-up), so take a struct, a map with string keys, or any`,
    };
  }
  const doc = pkg.funcs.find((f) => f.name === match.name && f.file === match.file)?.doc;
  return doc ? { details: { description: doc } } : {};
}

/** Predeclared types that are not interfaces: they infer to strings, numbers, booleans. */
const SCALARS = new Set([
  "bool",
  "byte",
  "complex64",
  "complex128",
  "error",
  "float32",
  "float64",
  "int",
  "int8",
  "int16",
  "int32",
  "int64",
  "rune",
  "string",
  "uint",
  "uint8",
  "uint16",
  "uint32",
  "uint64",
  "uintptr",
]);

/** Types of other packages whose schema is known not to be an object. */
const KNOWN_NOT_OBJECTS: Readonly<Record<string, readonly string[]>> = {
  time: ["Time", "Duration"],
  "encoding/json": ["RawMessage", "Number"],
};

/** How deep `type A B; type B C; …` is followed. */
const MAX_DEFINED_DEPTH = 16;

/**
 * Why `type` cannot infer to a JSON object, or undefined when it does or cannot be known here
 * (a type of another package, a local map or slice type: go-detect does not read their
 * underlying type). The SDK infers from the type a pointer points to, so one `*` is looked
 * through.
 */
export function inputProblem(type: TypeRef, pkg: Pick<GoPackage, "types">, depth = 0): string | undefined {
  if (type.name === "") return compositeProblem(type.text.replace(/\s+/g, ""));
  if (type.importPath !== "") {
    return KNOWN_NOT_OBJECTS[type.importPath]?.includes(type.name) ? "is not a JSON object (a string, number or array)" : undefined;
  }
  const local = pkg.types.find((t) => t.name === type.name);
  if (local === undefined) {
    if (type.name === "any") return undefined;
    return SCALARS.has(type.name) ? `is a ${type.name === "error" ? "interface" : "scalar"}, not a JSON object` : undefined;
  }
  return localProblem(local, pkg, depth);
}

function localProblem(local: GoType, pkg: Pick<GoPackage, "types">, depth: number): string | undefined {
  switch (local.kind) {
    case "struct":
      return undefined;
    case "interface":
      // Only the empty interface written `any` is the SDK's special case (an empty object).
      return "is an interface: the SDK infers no schema from one (only from exactly any)";
    case "defined": {
      if (local.definedFrom === undefined || depth >= MAX_DEFINED_DEPTH) return undefined;
      const from = local.definedFrom;
      // A type defined from an interface (even any) is an interface of its own, not any.
      if (from.importPath === "" && from.name === "any") return "is an interface: the SDK infers no schema from one (only from exactly any)";
      const problem = inputProblem(from, pkg, depth + 1);
      return problem && `(defined as ${from.text}) ${problem}`;
    }
    default:
      return undefined;
  }
}

/** Composite types as written, whitespace removed. */
function compositeProblem(text: string): string | undefined {
  const pointed = text.startsWith("*") ? text.slice(1) : text;
  if (pointed.startsWith("*")) return "is a pointer to a pointer, not a JSON object";
  if (pointed.startsWith("struct{") || pointed === "interface{}") return undefined;
  if (pointed.startsWith("interface{")) return "is an interface: the SDK infers no schema from one (only from exactly any)";
  if (pointed.startsWith("[")) return "is a slice or an array, not a JSON object";
  if (pointed.startsWith("func(") || pointed.startsWith("chan") || pointed.startsWith("<-chan")) return "is a func or a channel, not a JSON object";
  const key = /^map\[([^\]]*)\]/.exec(pointed)?.[1];
  if (key !== undefined && SCALARS.has(key) && key !== "string") return `is a map with ${key} keys: a JSON object's keys are strings`;
  return undefined;
}
