// Constructor specs: an exported func with no params returning *T or T, T declared in the
// package, whose method set has a required method of an accepted shape and maybe optional
// ones — Knative Functions' instanced form (`func New() *F` with Handle, Start, Stop, …) as
// data. Which names and shapes is the signature's business.
import type { GoFunc, TypeRef } from "./model";
import { type MethodSet, lookupMethod, methodSet, type SetMethod, type TypeIndex } from "./methodset";
import { type Canonical, type FuncShape, firstMatchingShape, type TypeBinding } from "./shapes";

/** A method a constructed type must or may have, and the shapes accepted for it. */
export interface MethodPattern {
  name: string;
  /** The first that matches is reported (its id). */
  shapes: readonly FuncShape[];
}

/**
 * An exported top-level func with no params that returns `*T` or `T`, where T is declared in
 * the package (in any file) and T's method set (or *T's) has `method` in one of its shapes.
 */
export interface ConstructorSpec {
  kind: "constructor";
  id: string;
  /**
   * The constructor's name, e.g. "New". Omitted: any exported func of that form (then only
   * funcs whose type has a method named `method.name` are reported as near misses).
   */
  name?: string;
  /** `*T` only ("pointer"), `T` only ("value"), or either. The method set is that of what it returns. */
  returns: "pointer" | "value" | "either";
  method: MethodPattern;
  /** Methods reported when present (e.g. Start, Stop, Ready, Alive). */
  optionalMethods?: readonly MethodPattern[];
}

/** A method of the constructed type that has an accepted shape. */
export interface MatchedMethod {
  name: string;
  /** The id of the shape it has. */
  shapeId: string;
  /** E.g. "func (*Function) Handle(context.Context, event.Event) error". */
  signature: string;
  /** The type that declares it: the constructed type, an embedded type or an interface. */
  receiverType: string;
  pointerReceiver: boolean;
  /** Embedded fields it is promoted through, outermost first; [] for the type's own. */
  promotedVia: string[];
  file: string;
  line: number;
  /** What the shape's wildcards bound, if it has any. */
  bindings?: TypeBinding[];
}

/** A method present (or named) but not usable as the pattern says, and why. */
export interface RejectedMethod {
  name: string;
  reason: string;
  /** Set when the method could be read. */
  signature?: string;
}

/** What a constructor candidate constructs and which of the spec's methods it has. */
export interface InstanceMatch {
  /** The type the constructor returns, declared in the package. */
  type: { name: string; pointer: boolean; file: string; line: number };
  /** The required method. */
  method: MatchedMethod;
  /** Optional methods present with an accepted shape, in the spec's order. */
  optionalMethods: MatchedMethod[];
  /** Optional methods present with a shape the spec does not accept (or not in this method set), and why. */
  rejectedMethods: RejectedMethod[];
  /** False when the method set cannot be fully known: optional methods may then be missing from both lists. */
  methodSetComplete: boolean;
  /** Why methodSetComplete is false. */
  methodSetUnknownReason?: string;
}

export function formatMethodSignature(m: Pick<SetMethod, "name" | "params" | "results" | "receiverType" | "pointerReceiver">): string {
  const params = m.params.map((p) => (p.variadic ? `...${p.text}` : p.text)).join(", ");
  const results = m.results.length === 0 ? "" : m.results.length === 1 ? ` ${(m.results[0] as TypeRef).text}` : ` (${m.results.map((r) => r.text).join(", ")})`;
  return `func (${m.pointerReceiver ? "*" : ""}${m.receiverType}) ${m.name}(${params})${results}`;
}

function matched(m: SetMethod, shapeId: string, bindings: TypeBinding[]): MatchedMethod {
  return {
    name: m.name,
    shapeId,
    signature: formatMethodSignature(m),
    receiverType: m.receiverType,
    pointerReceiver: m.pointerReceiver,
    promotedVia: m.promotedVia,
    file: m.file,
    line: m.line,
    ...(bindings.length > 0 ? { bindings } : {}),
  };
}

const shapeIds = (p: MethodPattern) => p.shapes.map((s) => s.id).join(", ");

/** A match, a near miss (with why), or nothing worth saying. */
export type ConstructorVerdict = { kind: "match"; instance: InstanceMatch } | { kind: "near-miss"; reason: string } | { kind: "unrelated" };

export interface ConstructorContext {
  index: TypeIndex;
  canonical: Canonical;
  /** Method sets by `T` / `*T`, shared across the specs and funcs of one match. */
  sets: Map<string, MethodSet>;
}

function cachedSet(ctx: ConstructorContext, name: string, pointer: boolean): MethodSet {
  const key = `${pointer ? "*" : ""}${name}`;
  let set = ctx.sets.get(key);
  if (set === undefined) {
    set = methodSet(ctx.index, name, pointer);
    ctx.sets.set(key, set);
  }
  return set;
}

/** Whether `fn` (exported, top-level, non-generic) is a constructor as `spec` describes. */
export function matchConstructor(fn: GoFunc, spec: ConstructorSpec, ctx: ConstructorContext): ConstructorVerdict {
  if (spec.name !== undefined && fn.name !== spec.name) return { kind: "unrelated" };
  // A func named as the spec says is worth explaining; any other only once it has the method.
  const named = spec.name !== undefined;
  const miss = (reason: string): ConstructorVerdict => (named ? { kind: "near-miss", reason } : { kind: "unrelated" });
  if (fn.params.length > 0) return miss(`${fn.name} takes parameters; a constructor takes none`);
  const result = fn.results.length === 1 ? (fn.results[0] as TypeRef) : undefined;
  if (result === undefined) return miss(`${fn.name} returns ${fn.results.length} results; a constructor returns one, *T or T`);
  const type = result.importPath === "" && result.name !== "" ? ctx.index.types.get(result.name) : undefined;
  if (type === undefined) return miss(`${fn.name} returns ${result.text}, which is not a type declared in the package`);
  if (spec.returns === "pointer" && !result.pointer) return miss(`${fn.name} returns ${result.text}; a pointer *${result.name} is needed`);
  if (spec.returns === "value" && result.pointer) return miss(`${fn.name} returns ${result.text}; a value ${result.name} is needed`);

  const set = cachedSet(ctx, result.name, result.pointer);
  const required = spec.method;
  const lookup = lookupMethod(set, required.name);
  switch (lookup.kind) {
    case "absent":
      return miss(`${set.of} has no method ${required.name}`);
    case "excluded":
      return { kind: "near-miss", reason: `${set.of} has no method ${required.name}: ${lookup.reason}` };
    case "unknown":
      return miss(`whether ${set.of} has a method ${required.name} is not known: ${lookup.reason}`);
  }
  const shaped = firstMatchingShape(lookup.method, required.shapes, ctx.canonical);
  if (shaped === undefined) {
    return { kind: "near-miss", reason: `${formatMethodSignature(lookup.method)} is none of the accepted shapes (${shapeIds(required)})` };
  }
  const instance: InstanceMatch = {
    type: { name: type.name, pointer: result.pointer, file: type.file, line: type.line },
    method: matched(lookup.method, shaped.shape.id, shaped.bindings),
    optionalMethods: [],
    rejectedMethods: [],
    methodSetComplete: set.complete,
    ...(set.unknownReason !== undefined ? { methodSetUnknownReason: set.unknownReason } : {}),
  };
  for (const optional of spec.optionalMethods ?? []) {
    const found = lookupMethod(set, optional.name);
    if (found.kind === "excluded") instance.rejectedMethods.push({ name: optional.name, reason: found.reason });
    if (found.kind !== "found") continue;
    const shape = firstMatchingShape(found.method, optional.shapes, ctx.canonical);
    const signature = formatMethodSignature(found.method);
    if (shape) instance.optionalMethods.push(matched(found.method, shape.shape.id, shape.bindings));
    else instance.rejectedMethods.push({ name: optional.name, signature, reason: `${signature} is none of the accepted shapes (${shapeIds(optional)})` });
  }
  return { kind: "match", instance };
}
