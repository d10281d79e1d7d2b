// Declarative signature specs and the matcher. A signature buildpack describes the shapes it
// accepts as data; adding a signature means adding specs, not code.
import type { GoFunc, GoPackage, GoVar, TypeRef } from "./model";

/** A named type: import path ("" for predeclared types such as `error`) and name. */
export interface TypePattern {
  importPath: string;
  name: string;
  /** `*T` rather than `T`; default false. */
  pointer?: boolean;
  /** `...T` (only meaningful for a last parameter); default false. */
  variadic?: boolean;
}

/** An exported top-level func whose parameter and result types are exactly these. */
export interface FuncSpec {
  kind: "func";
  id: string;
  params: TypePattern[];
  results: TypePattern[];
}

/** An exported package-level var declared with one of these types. */
export interface VarSpec {
  kind: "var";
  id: string;
  types: TypePattern[];
}

export type SignatureSpec = FuncSpec | VarSpec;

/** Types that are the same for matching (aliases, or types the caller treats alike). */
export type Equivalence = ReadonlyArray<Pick<TypePattern, "importPath" | "name">>;

/** No types are alike unless a signature says so (FunctionSignature.equivalences). */
export const DEFAULT_EQUIVALENCES: readonly Equivalence[] = [];

export interface Candidate {
  /** The id of the spec it matched. */
  specId: string;
  name: string;
  kind: "func" | "var";
  /** Relative to the package dir. */
  file: string;
  line: number;
  /** `file:line` relative to the module root. */
  position: string;
  /** Human readable, e.g. "func Handler(http.ResponseWriter, *http.Request)". */
  signature: string;
}

type TypeKey = string;
const key = (importPath: string, name: string): TypeKey => `${importPath}\u0000${name}`;

/** Maps every type in an equivalence class to one representative. */
function canonicalizer(equivalences: readonly Equivalence[]): (importPath: string, name: string) => TypeKey {
  const canon = new Map<TypeKey, TypeKey>();
  for (const group of equivalences) {
    const first = group[0];
    if (first === undefined) continue;
    const representative = canon.get(key(first.importPath, first.name)) ?? key(first.importPath, first.name);
    for (const t of group) canon.set(key(t.importPath, t.name), representative);
  }
  return (importPath, name) => canon.get(key(importPath, name)) ?? key(importPath, name);
}

function typeMatches(actual: TypeRef, pattern: TypePattern, canonical: (p: string, n: string) => TypeKey): boolean {
  if (actual.name === "") return false;
  if (actual.pointer !== (pattern.pointer ?? false)) return false;
  if (actual.variadic !== (pattern.variadic ?? false)) return false;
  return canonical(actual.importPath, actual.name) === canonical(pattern.importPath, pattern.name);
}

function listMatches(actual: TypeRef[], patterns: TypePattern[], canonical: (p: string, n: string) => TypeKey): boolean {
  return actual.length === patterns.length && actual.every((t, i) => typeMatches(t, patterns[i] as TypePattern, canonical));
}

export function formatFuncSignature(fn: GoFunc): string {
  const params = fn.params.map((p) => p.text).join(", ");
  const results =
    fn.results.length === 0
      ? ""
      : fn.results.length === 1
        ? ` ${(fn.results[0] as TypeRef).text}`
        : ` (${fn.results.map((r) => r.text).join(", ")})`;
  return `func ${fn.name}(${params})${results}`;
}

export function formatVarSignature(v: GoVar): string {
  return `var ${v.name} ${v.type.text}`;
}

function position(pkg: Pick<GoPackage, "relDir">, file: string, line: number): string {
  const rel = pkg.relDir === "." || pkg.relDir === "" ? file : `${pkg.relDir.replace(/\/+$/, "")}/${file}`;
  return `${rel}:${line}`;
}

/**
 * Every func and var of the package that matches a spec, in file and line order. A declaration
 * matching several specs is reported once, for the first spec in `specs` order.
 */
export function matchCandidates(
  pkg: Pick<GoPackage, "funcs" | "vars" | "relDir">,
  specs: readonly SignatureSpec[],
  equivalences: readonly Equivalence[] = DEFAULT_EQUIVALENCES,
): Candidate[] {
  const canonical = canonicalizer(equivalences);
  const candidates: Candidate[] = [];
  for (const fn of pkg.funcs) {
    const spec = specs.find(
      (s): s is FuncSpec =>
        s.kind === "func" && listMatches(fn.params, s.params, canonical) && listMatches(fn.results, s.results, canonical),
    );
    if (spec === undefined) continue;
    candidates.push({
      specId: spec.id,
      name: fn.name,
      kind: "func",
      file: fn.file,
      line: fn.line,
      position: position(pkg, fn.file, fn.line),
      signature: formatFuncSignature(fn),
    });
  }
  for (const v of pkg.vars) {
    const spec = specs.find((s): s is VarSpec => s.kind === "var" && s.types.some((t) => typeMatches(v.type, t, canonical)));
    if (spec === undefined) continue;
    candidates.push({
      specId: spec.id,
      name: v.name,
      kind: "var",
      file: v.file,
      line: v.line,
      position: position(pkg, v.file, v.line),
      signature: formatVarSignature(v),
    });
  }
  return candidates.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}
