// Near misses: declarations that come close to a signature's shapes, why each is no candidate,
// and the fix. A signature's detect names the nearest in its one-line reason (see detect.ts);
// the explainer buildpack (packages/go-function-explainer) lists them across every signature
// when no signature picked a package. Everything here is worked out from the signature's own
// data (its specs, instance shapes, registrations, equivalences, vet), so a new signature's near
// misses are explained without an edit.
import {
  type Candidate,
  type ConstructorSpec,
  emptyPackage,
  type Equivalence,
  type FuncShape,
  type GoFile,
  type GoFunc,
  type GoMethod,
  type GoPackage,
  type ImportFacts,
  matchFuncShape,
  type NearMiss as ConstructorMiss,
  type ParamPattern,
  type SignatureSpec,
  type TypePattern,
  type TypeRef,
} from "@fnpacks/go-detect";
import type { RegistrationForm } from "./registered";
import type { Vet } from "./vet";

/** A declaration that came close to a signature, why it is no candidate, and what to do. */
export interface NearMiss {
  /** The func, method or var as written. */
  name: string;
  /** `file:line` relative to the module root. */
  position: string;
  /** Why it is no candidate, read after the name: "is not exported". */
  why: string;
  /** What makes it one, in the imperative. */
  fix: string;
  /** How near it came: lower is nearer (NEARNESS). */
  nearness: number;
}

/**
 * How near a miss came, nearest first: a function of an accepted shape that is in the wrong
 * place or form (unexported, a method, a package main, a file go build leaves out); a
 * constructor that misses the instanced form; a function that takes or returns the wrong
 * types; a declaration named only (its shape was not read).
 */
export const NEARNESS = { shape: 1, constructor: 2, types: 3, named: 4 } as const;

/** What a near miss is checked against: a signature's part of it (FunctionSignature, or what detect's analyzer is asked). */
export interface ShapeFacts {
  kind: string;
  /** The specs detect matches, the instanced constructor's included (see signatureSpecs). */
  specs: readonly SignatureSpec[];
  equivalences?: readonly Equivalence[];
  importFacts?: ImportFacts;
  registrations?: readonly RegistrationForm[];
  vet?: Vet;
}

/** An accepted shape, and whether it is an instance's Handle (a method) or a func. */
export interface AcceptedShape {
  shape: FuncShape;
  /** Set for the shape of an instance's method, e.g. "Handle". */
  method?: string;
}

const EMPTY_PACKAGE: GoPackage = emptyPackage();

/**
 * Whether `vet` refuses a func spec whatever the function: such a spec describes a near miss
 * the signature matches only to explain it (the MCP tools' "request by value", say), so it is
 * no shape to suggest. Asked with a match that has no name, bindings or package to object to.
 */
function refusedWhatever(spec: SignatureSpec, vet: Vet | undefined): boolean {
  if (vet === undefined) return false;
  const probe: Candidate = { specId: spec.id, name: "F", kind: "func", file: "", line: 0, position: "", signature: "" };
  try {
    return "refused" in vet(probe, EMPTY_PACKAGE);
  } catch {
    return false;
  }
}

/** The func shapes a signature accepts, then its instances' method shapes. */
export function acceptedShapes(facts: ShapeFacts): AcceptedShape[] {
  const shapes: AcceptedShape[] = [];
  for (const spec of facts.specs) {
    if (spec.kind === "func" && !refusedWhatever(spec, facts.vet)) shapes.push({ shape: spec });
    if (spec.kind === "constructor") for (const shape of spec.method.shapes) shapes.push({ shape, method: spec.method.name });
  }
  return shapes;
}

/** The constructor specs (Knative Functions' instanced form), for fixes that suggest one. */
function constructors(facts: ShapeFacts): ConstructorSpec[] {
  return facts.specs.flatMap((spec) => (spec.kind === "constructor" ? [spec] : []));
}

/**
 * Types that make a shape specific: named types of a package other than context (net/http's,
 * an SDK's). A shape of nothing else — `func() error`, `func(context.Context)` — fits too much
 * code to call a function of that shape a near miss.
 */
function anchors(shape: FuncShape): TypePattern[] {
  return [...shape.params, ...shape.results].flatMap((p) => ("any" in p || p.importPath === "" || p.importPath === "context" ? [] : [p]));
}

const isSpecific = (accepted: AcceptedShape) => anchors(accepted.shape).length > 0;

/** `*http.Request`, `event.Event`, `error`, `In` (a wildcard): a pattern as Go code names it. */
export function describePattern(pattern: ParamPattern, facts: ImportFacts = {}): string {
  if ("any" in pattern) return `${pattern.variadic ? "..." : ""}${pattern.any}`;
  const pkg = pattern.importPath === "" ? "" : `${facts.packageNames?.[pattern.importPath] ?? pattern.importPath.split("/").pop()}.`;
  return `${pattern.variadic ? "..." : ""}${pattern.pointer ? "*" : ""}${pkg}${pattern.name}`;
}

/** `func(http.ResponseWriter, *http.Request)`, `func(context.Context, event.Event) error`. */
export function describeShape(shape: FuncShape, facts: ImportFacts = {}): string {
  const params = shape.params.map((p) => describePattern(p, facts)).join(", ");
  const results = shape.results.map((p) => describePattern(p, facts));
  return `func(${params})${results.length === 0 ? "" : results.length === 1 ? ` ${results[0]}` : ` (${results.join(", ")})`}`;
}

/** "an HTTP function", "a CloudEvents function", "an MCP tool". */
export function withArticle(kind: string): string {
  const word = kind.split(" ")[0] ?? "";
  const acronym = word.length > 1 && word === word.toUpperCase();
  const vowelSound = acronym ? /^[AEFHILMNORSX]/.test(word) : /^[aeiou]/i.test(word);
  return `${vowelSound ? "an" : "a"} ${kind}`;
}

/** The first accepted shape `fn` has (a specific one only, unless `any`). */
export function shapeOf(fn: Pick<GoFunc, "params" | "results">, facts: ShapeFacts, which: "specific" | "any" = "specific"): AcceptedShape | undefined {
  for (const accepted of acceptedShapes(facts)) {
    if (which === "specific" && !isSpecific(accepted)) continue;
    if (matchFuncShape(fn, [accepted.shape], facts.equivalences ?? []) !== undefined) return accepted;
  }
  return undefined;
}

/** `file:line` relative to the module root, as go-detect writes positions. */
export function positionOf(relDir: string, at: { file: string; line: number }): string {
  return `${relDir === "." || relDir === "" ? "" : `${relDir.replace(/\/+$/, "")}/`}${at.file}:${at.line}`;
}

/** "HelloGet" for "helloGet": the name an exported func would have. */
export function exportedName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** `functions.HTTP("HelloGet", helloGet)`: the registration calls of the signature that take this shape. */
function registrationHints(name: string, accepted: AcceptedShape, facts: ShapeFacts): string[] {
  const id = accepted.shape.id;
  return (facts.registrations ?? [])
    .filter((form) => form.shapes.includes(id))
    .map((form) => `${form.importPath.split("/").pop()}.${form.name}(${JSON.stringify(exportedName(name))}, ${name})`);
}

/** Unexported top-level funcs of a specific accepted shape. */
export function unexportedNearMisses(funcs: readonly GoFunc[], relDir: string, facts: ShapeFacts): NearMiss[] {
  return funcs.flatMap((fn) => {
    const accepted = shapeOf(fn, facts);
    if (accepted === undefined || accepted.method !== undefined) return [];
    const registered = registrationHints(fn.name, accepted, facts);
    return [
      {
        name: fn.name,
        position: positionOf(relDir, fn),
        why: `has the shape of ${withArticle(facts.kind)}, ${describeShape(accepted.shape, facts.importFacts)}, but is not exported`,
        fix: `export it: rename it ${exportedName(fn.name)}${registered.length > 0 ? ` (or register it in init() with ${registered.join(" or ")})` : ""}`,
        nearness: NEARNESS.shape,
      },
    ];
  });
}

/** Methods of a specific accepted shape (a func's, or an instance's Handle). */
export function methodNearMisses(methods: readonly GoMethod[], relDir: string, facts: ShapeFacts): NearMiss[] {
  const constructorSpec = constructors(facts)[0];
  return methods.flatMap((method) => {
    const accepted = shapeOf(method, facts);
    if (accepted === undefined) return [];
    const receiver = `${method.pointerReceiver ? "*" : ""}${method.receiverType}`;
    const asInstance = constructorSpec !== undefined && constructorSpec.method.name === method.name;
    const newFunc = constructorSpec && `func ${constructorSpec.name ?? "New"}() ${receiver}`;
    const fix = asInstance
      ? `add ${newFunc}: fnpacks then serves an instance's ${method.name} (Knative Functions' instanced form)`
      : `declare a top-level func of that shape that calls it${constructorSpec ? `, or name it ${constructorSpec.method.name} and add ${newFunc}` : ""}`;
    return [{ name: method.name, position: positionOf(relDir, method), why: `is a method of ${receiver} (${withArticle(facts.kind)}'s shape), not a top-level func`, fix, nearness: NEARNESS.shape }];
  });
}

/** Constructors go-detect found near the instanced form (`New` whose type lacks Handle, say). */
export function constructorNearMisses(misses: readonly ConstructorMiss[], facts: ShapeFacts): NearMiss[] {
  const constructorSpec = constructors(facts)[0];
  if (constructorSpec === undefined) return [];
  const handles = constructorSpec.method.shapes.filter((shape) => anchors(shape).length > 0).map((shape) => describeShape(shape, facts.importFacts));
  return misses.map((miss) => ({
    name: miss.name,
    position: miss.position,
    why: `is no constructor of ${withArticle(facts.kind)}: ${miss.reason}`,
    fix: `for Knative Functions' instanced form, ${constructorSpec.name ?? "New"}() returns *T (or T) whose ${constructorSpec.method.name} is ${handles.slice(0, 2).join(" or ")}${handles.length > 2 ? " (or another accepted shape)" : ""}`,
    nearness: NEARNESS.constructor,
  }));
}

/** Whether a type is the pattern's named type, pointer and variadic aside. */
function sameNamedType(type: TypeRef, pattern: TypePattern, equivalences: readonly Equivalence[]): boolean {
  const loose = { ...type, pointer: false, variadic: false };
  return matchFuncShape({ params: [loose], results: [] }, [{ id: "", params: [{ importPath: pattern.importPath, name: pattern.name }], results: [] }], equivalences) !== undefined;
}

/** Whether a type is exactly what the pattern asks (a wildcard takes anything). */
function fits(type: TypeRef, pattern: ParamPattern, equivalences: readonly Equivalence[]): boolean {
  return matchFuncShape({ params: [type], results: [] }, [{ id: "", params: [pattern], results: [] }], equivalences) !== undefined;
}

const ordinal = (n: number) => ["first", "second", "third", "fourth", "fifth"][n] ?? `#${n + 1}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Why an exported func is none of the signature's shapes although it uses their types: the
 * nearest shape (most of its specific types, then the same number of parameters and results,
 * then the signature's order) and what differs. Undefined when it uses none of them.
 */
export function wrongTypes(fn: Pick<GoFunc, "params" | "results">, facts: ShapeFacts): { why: string; fix: string } | undefined {
  const equivalences = facts.equivalences ?? [];
  const types = [...fn.params, ...fn.results];
  let best: { shape: FuncShape; overlap: number; sameCounts: boolean; differing: number } | undefined;
  for (const { shape } of acceptedShapes(facts)) {
    const distinct = new Map(anchors(shape).map((a) => [`${a.importPath}.${a.name}`, a]));
    const overlap = [...distinct.values()].filter((a) => types.some((t) => sameNamedType(t, a, equivalences))).length;
    if (overlap === 0) continue;
    const sameCounts = shape.params.length === fn.params.length && shape.results.length === fn.results.length;
    const differing = sameCounts ? differences(fn, shape, equivalences).length : Number.MAX_SAFE_INTEGER;
    const better =
      !best ||
      overlap > best.overlap ||
      (overlap === best.overlap && sameCounts && !best.sameCounts) ||
      (overlap === best.overlap && sameCounts && best.sameCounts && differing < best.differing);
    if (better) best = { shape, overlap, sameCounts, differing };
  }
  if (best === undefined) return undefined;
  const expected = describeShape(best.shape, facts.importFacts);
  const a = withArticle(facts.kind);
  if (!best.sameCounts) {
    return {
      why: `takes ${plural(fn.params.length, "parameter")} and returns ${plural(fn.results.length, "result")}, where ${a} is ${expected}`,
      fix: `give it the shape ${expected}`,
    };
  }
  const differing = differences(fn, best.shape, equivalences);
  // Types that each fit alone but not together (a wildcard bound twice): the shape says it.
  if (differing.length === 0) return { why: `is not ${a}: ${expected}`, fix: `give it the shape ${expected}` };
  const said = differing.map((d) => `${d.what} is ${d.type.variadic ? "..." : ""}${d.type.text}, not ${describePattern(d.pattern, facts.importFacts)}`);
  return {
    why: `${said.join(", ")}: ${a} is ${expected}`,
    fix: differing.map((d) => `make ${d.what} ${describePattern(d.pattern, facts.importFacts)}`).join(", "),
  };
}

/** The parameters and results (as many as the shape has) whose types are not the shape's. */
function differences(fn: Pick<GoFunc, "params" | "results">, shape: FuncShape, equivalences: readonly Equivalence[]) {
  const differ = (types: readonly TypeRef[], patterns: readonly ParamPattern[], what: string) =>
    types.flatMap((type, i) => (fits(type, patterns[i] as ParamPattern, equivalences) ? [] : [{ what: `its ${ordinal(i)} ${what}`, type, pattern: patterns[i] as ParamPattern }]));
  return [...differ(fn.params, shape.params, "parameter"), ...differ(fn.results, shape.results, "result")];
}

/** Whether a func has one of the signature's func shapes at all, near-miss specs included (their refusal says why). */
function matchesAnySpec(fn: Pick<GoFunc, "params" | "results">, facts: ShapeFacts): boolean {
  const shapes = facts.specs.flatMap((spec): FuncShape[] => (spec.kind === "func" ? [spec] : spec.kind === "constructor" ? [...spec.method.shapes] : []));
  return matchFuncShape(fn, shapes, facts.equivalences ?? []) !== undefined;
}

/** Exported funcs that use a signature's specific types but have none of its shapes. */
export function typeNearMisses(funcs: readonly GoFunc[], relDir: string, facts: ShapeFacts): NearMiss[] {
  return funcs.flatMap((fn) => {
    if (matchesAnySpec(fn, facts)) return [];
    const wrong = wrongTypes(fn, facts);
    return wrong ? [{ name: fn.name, position: positionOf(relDir, fn), ...wrong, nearness: NEARNESS.types }] : [];
  });
}

/** Why go-detect set a declaration aside, as a near miss of unknown shape (its signature was not read). */
const NAMED_REASONS: ReadonlyArray<{ reason: RegExp; why: string; fix: string }> = [
  { reason: /^method/, why: "is a method, not a top-level func", fix: "serve a top-level func (or an instance: func New() *T whose Handle serves)" },
  { reason: /^generic/, why: "is generic (has type parameters): the generated server cannot choose its type arguments", fix: "add a non-generic func that calls it" },
  { reason: /^not exported$/, why: "is not exported", fix: "export it (capitalise its name) if it is the function" },
];

/**
 * Declarations go-detect names without their shape (methods, generic and unexported funcs, as
 * it reads them when detect needs no more), exported names first: the weakest near misses.
 */
export function namedNearMisses(files: readonly GoFile[], relDir: string, except: ReadonlySet<string> = new Set()): NearMiss[] {
  const misses = files.flatMap((file) =>
    file.ignored.flatMap((decl) => {
      const known = NAMED_REASONS.find((r) => r.reason.test(decl.reason));
      if (known === undefined || except.has(decl.name)) return [];
      return [{ name: decl.name, position: positionOf(relDir, { file: file.name, line: decl.line }), why: known.why, fix: known.fix, nearness: NEARNESS.named }];
    }),
  );
  const exported = (m: NearMiss) => (/^\p{Lu}/u.test(m.name) ? 0 : 1);
  return misses.sort((a, b) => exported(a) - exported(b));
}

/** Nearest first; misses equally near keep their order (file and line). */
export function byNearness(misses: readonly NearMiss[]): NearMiss[] {
  return [...misses].sort((a, b) => a.nearness - b.nearness);
}

/** One near miss on one line: `helloGet (hello.go:10) is not exported; fix: …`. */
export function formatNearMiss(miss: NearMiss): string {
  return `${miss.name} (${miss.position}) ${miss.why}; ${miss.fix}`;
}

/** Levenshtein distance, for the name closest to one asked for. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * The name nearest to `asked`: case aside first, then by edit distance; undefined when the
 * nearest is no nearer than rewriting most of it.
 */
export function closestName(asked: string, names: readonly string[]): string | undefined {
  const folded = names.find((name) => name.toLowerCase() === asked.toLowerCase());
  if (folded !== undefined) return folded;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(asked, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(asked.length / 2)) ? best.name : undefined;
}
