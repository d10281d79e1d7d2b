// Instanced functions, Knative Functions' default Go form (knative-extensions/func-go): a
// package-level `New()` returning `*T` or `T` whose Handle method serves, with optional
// lifecycle methods. Which Handle shapes count is each signature's business; the constructor
// and the lifecycle contract are shared, as is the rule that an instance wins over a static
// function in the same package (Knative Functions builds the instance).

import type { LifecycleMethod } from "@fnpacks/go-codegen";
import type { ConstructorSpec, FuncShape, MatchedMethod, TypePattern } from "@fnpacks/go-detect";
import type { PlannedCandidate } from "./plan";

const ctx: TypePattern = { importPath: "context", name: "Context" };
const error: TypePattern = { importPath: "", name: "error" };
const bool: TypePattern = { importPath: "", name: "bool" };

/** func-go's lifecycle methods; Start's cfg is checked to be map[string]string (see lifecycleMethods). */
const LIFECYCLE: ReadonlyArray<{ name: LifecycleMethod; shapes: FuncShape[] }> = [
  { name: "Start", shapes: [{ id: "start", params: [ctx, { any: "Config" }], results: [error] }] },
  { name: "Stop", shapes: [{ id: "stop", params: [ctx], results: [error] }] },
  { name: "Ready", shapes: [{ id: "ready", params: [ctx], results: [bool, error] }] },
  { name: "Alive", shapes: [{ id: "alive", params: [ctx], results: [bool, error] }] },
];

/** The constructor spec every signature with an instanced form uses: `New` whose instance has Handle in one of `handleShapes`. */
export function instancedSpec<Id extends string>(id: Id, handleShapes: readonly FuncShape[]): ConstructorSpec & { id: Id } {
  return { kind: "constructor", id, name: "New", returns: "either", method: { name: "Handle", shapes: handleShapes }, optionalMethods: LIFECYCLE };
}

/** The lifecycle methods of a matched instance that the runtime can call: Start only with a map[string]string cfg. */
export function lifecycleMethods(methods: readonly MatchedMethod[]): LifecycleMethod[] {
  return methods.filter(usable).map((m) => m.name as LifecycleMethod);
}

function usable(method: MatchedMethod): boolean {
  if (method.name !== "Start") return true;
  const config = method.bindings?.find((b) => b.name === "Config")?.type.text.replace(/\s+/g, "");
  return config === "map[string]string";
}

/** An instance wins over static functions, as in Knative Functions; the user can still name one. */
export function preferInstances(candidates: PlannedCandidate[]): PlannedCandidate[] {
  const instances = candidates.filter((c) => c.instance !== undefined);
  return instances.length > 0 ? instances : candidates;
}
