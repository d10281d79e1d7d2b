// Type patterns and func shapes, matched against resolved types. A named pattern matches a
// named type (through the signature's equivalences); a wildcard matches any type and binds it
// to a name, so a typed signature can say `func(context.Context, In) (Out, error)`.
import type { GoFunc, TypeRef } from "./model";

/** A named type: import path ("" for predeclared types such as `error` and for the package's own types) and name. */
export interface TypePattern {
  importPath: string;
  name: string;
  /** `*T` rather than `T`; default false. */
  pointer?: boolean;
  /** `...T` (only meaningful for a last parameter); default false. */
  variadic?: boolean;
}

/**
 * Any type — named or composite, pointer or not — bound to `any`, e.g. `{ any: "In" }`. A
 * name used twice in one shape must bind the same type both times.
 */
export interface AnyType {
  any: string;
  /** Matches only a `...T` parameter (and binds T); default false: only a plain one. */
  variadic?: boolean;
}

/** One parameter or result of a shape. */
export type ParamPattern = TypePattern | AnyType;

/** A func signature: parameter and result patterns, exactly as many as the func has. */
export interface FuncShape {
  /** Reported with a match, so a signature knows which of its shapes it got. */
  id: string;
  params: readonly ParamPattern[];
  results: readonly ParamPattern[];
}

/** Types that are the same for matching (aliases, or types the caller treats alike). */
export type Equivalence = ReadonlyArray<Pick<TypePattern, "importPath" | "name">>;

/** The type a wildcard stood for. */
export interface TypeBinding {
  /** The wildcard's name, e.g. "In". */
  name: string;
  /**
   * The type as written (`text`) and resolved: import path and name for a named type ("" for
   * the package's own and predeclared types), or name "" for a composite type.
   */
  type: TypeRef;
}

type TypeKey = string;
const key = (importPath: string, name: string): TypeKey => `${importPath}\u0000${name}`;

/** Maps a named type to the representative of its equivalence class. */
export type Canonical = (importPath: string, name: string) => TypeKey;

export function canonicalizer(equivalences: readonly Equivalence[]): Canonical {
  const canon = new Map<TypeKey, TypeKey>();
  for (const group of equivalences) {
    const first = group[0];
    if (first === undefined) continue;
    const representative = canon.get(key(first.importPath, first.name)) ?? key(first.importPath, first.name);
    for (const t of group) canon.set(key(t.importPath, t.name), representative);
  }
  return (importPath, name) => canon.get(key(importPath, name)) ?? key(importPath, name);
}

export const isWildcard = (p: ParamPattern): p is AnyType => "any" in p;

/**
 * What makes two bound types the same: a named type by its equivalence class; a composite one
 * by its text (so `map[string]any` and `map[string]interface{}` count as different).
 */
function identity(t: TypeRef, canonical: Canonical): string {
  return t.name === "" ? `composite\u0000${t.text}` : `${t.pointer ? "*" : ""}${canonical(t.importPath, t.name)}`;
}

/** Matches one type; a wildcard's first use binds, later uses must agree. */
function typeMatches(actual: TypeRef, pattern: ParamPattern, canonical: Canonical, bound: Map<string, TypeRef> | undefined): boolean {
  if (actual.variadic !== (pattern.variadic ?? false)) return false;
  if (isWildcard(pattern)) {
    if (bound === undefined) return false;
    const earlier = bound.get(pattern.any);
    if (earlier === undefined) {
      bound.set(pattern.any, actual);
      return true;
    }
    return identity(earlier, canonical) === identity(actual, canonical);
  }
  if (actual.name === "") return false;
  if (actual.pointer !== (pattern.pointer ?? false)) return false;
  return canonical(actual.importPath, actual.name) === canonical(pattern.importPath, pattern.name);
}

const NO_BINDINGS: TypeBinding[] = [];
const hasWildcard = (patterns: readonly ParamPattern[]) => patterns.some(isWildcard);

function listMatches(actual: readonly TypeRef[], patterns: readonly ParamPattern[], canonical: Canonical, bound: Map<string, TypeRef> | undefined): boolean {
  if (actual.length !== patterns.length) return false;
  for (let i = 0; i < actual.length; i++) {
    if (!typeMatches(actual[i] as TypeRef, patterns[i] as ParamPattern, canonical, bound)) return false;
  }
  return true;
}

/**
 * The bindings (in order of first use) if the types match the patterns, else undefined.
 * Runs for every func against every spec: nothing is allocated unless a wildcard is there.
 */
export function typesMatch(
  params: readonly TypeRef[],
  paramPatterns: readonly ParamPattern[],
  results: readonly TypeRef[],
  resultPatterns: readonly ParamPattern[],
  canonical: Canonical,
): TypeBinding[] | undefined {
  if (params.length !== paramPatterns.length || results.length !== resultPatterns.length) return undefined;
  const bound = hasWildcard(paramPatterns) || hasWildcard(resultPatterns) ? new Map<string, TypeRef>() : undefined;
  if (!listMatches(params, paramPatterns, canonical, bound) || !listMatches(results, resultPatterns, canonical, bound)) return undefined;
  return bound === undefined ? NO_BINDINGS : [...bound].map(([name, type]) => ({ name, type }));
}

/** The first shape `fn` has, with what its wildcards bound. */
export function firstMatchingShape<S extends FuncShape>(
  fn: Pick<GoFunc, "params" | "results">,
  shapes: readonly S[],
  canonical: Canonical,
): { shape: S; bindings: TypeBinding[] } | undefined {
  for (const shape of shapes) {
    const bindings = typesMatch(fn.params, shape.params, fn.results, shape.results, canonical);
    if (bindings) return { shape, bindings };
  }
  return undefined;
}

/**
 * The first of `shapes` a func (or method) has, and what its wildcards bound; undefined if
 * none. For a signature's own checks, e.g. of the func a registration names.
 */
export function matchFuncShape<S extends FuncShape>(
  fn: Pick<GoFunc, "params" | "results">,
  shapes: readonly S[],
  equivalences: readonly Equivalence[] = [],
): { shape: S; bindings: TypeBinding[] } | undefined {
  return firstMatchingShape(fn, shapes, canonicalizer(equivalences));
}
