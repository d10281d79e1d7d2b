// Resolves written types to (import path, name) through a file's imports and the package's
// own type declarations: aliases, dot imports and unaliased imports all lead to the same TypeRef.
import { defaultPackageName } from "./importname";
import type { GoImport, TypeRef } from "./model";
import type { WrittenImport, WrittenType } from "./syntax";

export const PREDECLARED_TYPES: ReadonlySet<string> = new Set([
  "any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64",
  "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32",
  "uint64", "uintptr",
]);

/**
 * What a signature knows about the packages its functions use, handed to go-detect as data:
 * go-detect knows Go and the standard library, not any SDK.
 */
export interface ImportFacts {
  /** Import paths whose package clause is not what the path suggests, e.g. sdk-go's root is `v2`. */
  packageNames?: Readonly<Record<string, string>>;
  /**
   * Exported type names of packages people dot-import, to tell which of several dot imports
   * an unqualified name comes from. With a single dot import no table is needed.
   */
  exports?: Readonly<Record<string, readonly string[]>>;
}

/** The standard library's share of ImportFacts.exports. */
const STANDARD_EXPORTS: Readonly<Record<string, readonly string[]>> = {
  "net/http": ["ResponseWriter", "Request", "Handler", "HandlerFunc", "Header", "Cookie", "Client", "Server"],
  context: ["Context", "CancelFunc", "CancelCauseFunc"],
};

export function resolveImports(written: WrittenImport[], facts: ImportFacts = {}): GoImport[] {
  return written.map((imp) => {
    if (imp.alias === undefined) {
      return { path: imp.path, localName: defaultPackageName(imp.path, facts.packageNames), kind: "default", line: imp.line };
    }
    const kind = imp.alias === "." ? "dot" : imp.alias === "_" ? "blank" : "alias";
    return { path: imp.path, localName: imp.alias, kind, line: imp.line };
  });
}

/** The package-level type declarations, visible from every file, and the signature's facts. */
export interface PackageScope {
  typeNames: ReadonlySet<string>;
  aliases: ReadonlyMap<string, { type: WrittenType; imports: GoImport[] }>;
  exports?: Readonly<Record<string, readonly string[]>>;
}

const composite = (t: WrittenType): TypeRef => ({ importPath: "", name: "", pointer: false, variadic: t.variadic, text: t.text });

export function resolveType(t: WrittenType, imports: GoImport[], scope: PackageScope, depth = 0): TypeRef {
  const named = (importPath: string, name: string): TypeRef => ({
    importPath,
    name,
    pointer: t.pointer,
    variadic: t.variadic,
    text: t.text,
  });
  if (t.name === "") return composite(t);
  if (t.qualifier !== undefined) {
    const imp = imports.find((i) => (i.kind === "default" || i.kind === "alias") && i.localName === t.qualifier);
    return imp ? named(imp.path, t.name) : { ...composite(t), unresolvedQualifier: t.qualifier };
  }
  const alias = scope.aliases.get(t.name);
  if (alias !== undefined && depth < 10) {
    const target = resolveType(alias.type, alias.imports, scope, depth + 1);
    if (target.name === "" || (target.pointer && t.pointer)) return composite(t);
    return { ...target, pointer: target.pointer || t.pointer, variadic: t.variadic, text: t.text };
  }
  if (scope.typeNames.has(t.name) || PREDECLARED_TYPES.has(t.name)) return named("", t.name);
  const dots = imports.filter((i) => i.kind === "dot");
  if (dots.length === 1) return named((dots[0] as GoImport).path, t.name);
  const exporting = dots.filter((i) => (scope.exports?.[i.path] ?? STANDARD_EXPORTS[i.path])?.includes(t.name));
  if (exporting.length === 1) return named((exporting[0] as GoImport).path, t.name);
  return named("", t.name);
}
