// Declarative signature specs and the matcher. A signature buildpack describes the shapes it
// accepts as data; adding a signature means adding specs, not code.
import { type ConstructorContext, type ConstructorSpec, type InstanceMatch, matchConstructor } from "./constructor";
import { formatPosition } from "./declarations";
import { indexTypes, type MethodSet } from "./methodset";
import type { GoFunc, GoPackage, GoVar, TypeRef } from "./model";
import { type Canonical, canonicalizer, type Equivalence, type FuncShape, type ParamPattern, type TypeBinding, typesMatch } from "./shapes";

/** An exported top-level non-generic func whose parameter and result types are exactly these. */
export interface FuncSpec extends FuncShape {
  kind: "func";
}

/** An exported package-level var declared with one of these types. */
export interface VarSpec {
  kind: "var";
  id: string;
  types: readonly ParamPattern[];
}

export type SignatureSpec = FuncSpec | VarSpec | ConstructorSpec;

/** A signature's specs with each id kept as a literal type, so the ids are the only list of its shapes. */
export function specList<Id extends string>(specs: Array<SignatureSpec & { id: Id }>): Array<SignatureSpec & { id: Id }> {
  return specs;
}

/** No types are alike unless a signature says so (FunctionSignature.equivalences). */
export const DEFAULT_EQUIVALENCES: readonly Equivalence[] = [];

export interface Candidate {
  /** The id of the spec it matched. */
  specId: string;
  name: string;
  kind: "func" | "var" | "constructor";
  /** Relative to the package dir. */
  file: string;
  line: number;
  /** `file:line` relative to the module root. */
  position: string;
  /** Human readable, e.g. "func Handler(http.ResponseWriter, *http.Request)". */
  signature: string;
  /** What the spec's wildcards bound (for a constructor: those of the required method's shape); absent without wildcards. */
  bindings?: TypeBinding[];
  /** Constructor specs: the type constructed and the methods it has. */
  instance?: InstanceMatch;
}

/** A declaration that came close to a spec, and why it is not a candidate. */
export interface NearMiss {
  specId: string;
  name: string;
  file: string;
  line: number;
  position: string;
  signature: string;
  reason: string;
}

export interface PackageMatch {
  candidates: Candidate[];
  /**
   * Constructors that miss their spec (a func named as the spec says, or one whose type has
   * the required method), with why; one per func and reason. Funcs and vars have none.
   */
  nearMisses: NearMiss[];
}

/** What matching reads of a package; methods, types and files are needed by constructor specs only. */
export type MatchablePackage = Pick<GoPackage, "funcs" | "vars" | "relDir"> & Partial<Pick<GoPackage, "methods" | "types" | "files">>;

export function formatFuncSignature(fn: Pick<GoFunc, "name" | "params" | "results">): string {
  const params = fn.params.map((p) => (p.variadic ? `...${p.text}` : p.text)).join(", ");
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

type FuncVerdict =
  | { spec: FuncSpec | ConstructorSpec; bindings: TypeBinding[]; instance?: InstanceMatch }
  | { nearMisses: { specId: string; reason: string }[] };

function matchFunc(
  fn: GoFunc,
  specs: readonly SignatureSpec[],
  canonical: Canonical,
  constructorContext: () => ConstructorContext,
): FuncVerdict {
  let nearMisses: { specId: string; reason: string }[] | undefined;
  for (const spec of specs) {
    if (spec.kind === "func") {
      const bindings = typesMatch(fn.params, spec.params, fn.results, spec.results, canonical);
      if (bindings) return { spec, bindings };
    } else if (spec.kind === "constructor") {
      const verdict = matchConstructor(fn, spec, constructorContext());
      if (verdict.kind === "match") return { spec, bindings: verdict.instance.method.bindings ?? [], instance: verdict.instance };
      if (verdict.kind !== "near-miss") continue;
      nearMisses ??= [];
      if (!nearMisses.some((n) => n.reason === verdict.reason)) nearMisses.push({ specId: spec.id, reason: verdict.reason });
    }
  }
  return { nearMisses: nearMisses ?? [] };
}

function matchVar(v: GoVar, specs: readonly SignatureSpec[], canonical: Canonical): { spec: VarSpec; bindings: TypeBinding[] } | undefined {
  for (const spec of specs) {
    if (spec.kind !== "var") continue;
    for (const type of spec.types) {
      const bindings = typesMatch([v.type], [type], [], [], canonical);
      if (bindings) return { spec, bindings };
    }
  }
  return undefined;
}

/**
 * Every func and var of the package that matches a spec, in file and line order, and the
 * constructors that nearly do. A declaration matching several specs is reported once, for the
 * first spec in `specs` order.
 */
export function matchPackage(
  pkg: MatchablePackage,
  specs: readonly SignatureSpec[],
  equivalences: readonly Equivalence[] = DEFAULT_EQUIVALENCES,
): PackageMatch {
  const canonical = canonicalizer(equivalences);
  let constructorContext: ConstructorContext | undefined;
  const context = () => {
    constructorContext ??= {
      index: indexTypes({ types: pkg.types ?? [], methods: pkg.methods ?? [], files: pkg.files ?? [] }),
      canonical,
      sets: new Map<string, MethodSet>(),
    };
    return constructorContext;
  };
  const candidates: Candidate[] = [];
  const nearMisses: NearMiss[] = [];
  const at = (file: string, line: number) => ({ file, line, position: formatPosition(pkg.relDir, file, line) });
  for (const fn of pkg.funcs) {
    const verdict = matchFunc(fn, specs, canonical, context);
    if ("nearMisses" in verdict) {
      for (const { specId, reason } of verdict.nearMisses) {
        nearMisses.push({ specId, name: fn.name, ...at(fn.file, fn.line), signature: formatFuncSignature(fn), reason });
      }
      continue;
    }
    candidates.push({
      specId: verdict.spec.id,
      name: fn.name,
      kind: verdict.spec.kind,
      ...at(fn.file, fn.line),
      signature: formatFuncSignature(fn),
      ...(verdict.bindings.length > 0 ? { bindings: verdict.bindings } : {}),
      ...(verdict.instance ? { instance: verdict.instance } : {}),
    });
  }
  for (const v of pkg.vars) {
    const found = matchVar(v, specs, canonical);
    if (found === undefined) continue;
    candidates.push({
      specId: found.spec.id,
      name: v.name,
      kind: "var",
      ...at(v.file, v.line),
      signature: formatVarSignature(v),
      ...(found.bindings.length > 0 ? { bindings: found.bindings } : {}),
    });
  }
  const byPosition = (a: { file: string; line: number }, b: { file: string; line: number }) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1);
  return { candidates: candidates.sort(byPosition), nearMisses: nearMisses.sort(byPosition) };
}

/** The candidates of matchPackage. */
export function matchCandidates(
  pkg: MatchablePackage,
  specs: readonly SignatureSpec[],
  equivalences: readonly Equivalence[] = DEFAULT_EQUIVALENCES,
): Candidate[] {
  return matchPackage(pkg, specs, equivalences).candidates;
}
