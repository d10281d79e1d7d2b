import {
  CLOUDEVENTS_ADAPTER_IMPORTS,
  CLOUDEVENTS_MODULE,
  CLOUDEVENTS_SHAPES,
  type CloudEventsShape,
  generateCloudEventsServer,
} from "@fnpacks/go-codegen";
import type { Equivalence, ImportFacts, TypePattern } from "@fnpacks/go-detect";
import type { AnalyzedPackage, FunctionSignature, PlannedCandidate } from "@fnpacks/go-function";

const context: TypePattern = { importPath: "context", name: "Context" };
const event: TypePattern = { importPath: `${CLOUDEVENTS_MODULE}/event`, name: "Event" };
const eventPointer: TypePattern = { ...event, pointer: true };
const result: TypePattern = { importPath: "", name: "error" };

/** sdk-go's aliases: cloudevents.Event ≡ event.Event, cloudevents.Result ≡ protocol.Result ≡ error. */
export const CLOUDEVENTS_EQUIVALENCES: readonly Equivalence[] = [
  [
    { importPath: CLOUDEVENTS_MODULE, name: "Event" },
    { importPath: `${CLOUDEVENTS_MODULE}/event`, name: "Event" },
  ],
  [
    { importPath: CLOUDEVENTS_MODULE, name: "Result" },
    { importPath: `${CLOUDEVENTS_MODULE}/protocol`, name: "Result" },
    { importPath: "", name: "error" },
  ],
];

/** sdk-go's root package is `v2`, not what its path suggests; its types that people dot-import. */
export const CLOUDEVENTS_IMPORT_FACTS: ImportFacts = {
  packageNames: {
    [CLOUDEVENTS_MODULE]: "v2",
    [`${CLOUDEVENTS_MODULE}/event`]: "event",
    [`${CLOUDEVENTS_MODULE}/protocol`]: "protocol",
    [`${CLOUDEVENTS_MODULE}/protocol/http`]: "http",
    [`${CLOUDEVENTS_MODULE}/client`]: "client",
  },
  exports: {
    [CLOUDEVENTS_MODULE]: ["Event", "Result", "Client", "EventContext"],
    [`${CLOUDEVENTS_MODULE}/event`]: ["Event", "EventContext"],
    [`${CLOUDEVENTS_MODULE}/protocol`]: ["Result", "Receipt"],
  },
};

const PARTS: Record<string, TypePattern> = { ctx: context, E: event, "*E": eventPointer, R: result };

/** "func(ctx, E) (*E, R)" → params [ctx, E], results [*E, R]. */
function specOf(shape: CloudEventsShape) {
  const match = /^func\(([^)]*)\)\s*\(?([^)]*)\)?$/.exec(shape);
  const list = (text = "") =>
    text
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => PARTS[part] as TypePattern);
  return { kind: "func" as const, id: shape, params: list(match?.[1]), results: list(match?.[2]) };
}

/** Shapes that take no event: legal for the sdk, but `func() error` matches far too much code. */
export function takesEvent(shape: string): boolean {
  return /^func\([^)]*E\)/.test(shape);
}

function importsSdk(pkg: AnalyzedPackage): boolean {
  return pkg.imports.some((path) => path === CLOUDEVENTS_MODULE || path.startsWith(`${CLOUDEVENTS_MODULE}/`));
}

/** fnpacks/go-cloudevents-function: every receiver shape of sdk-go v2 (DESIGN.md §3–4). */
export const cloudEventsFunction: FunctionSignature<CloudEventsShape> = {
  planName: "fnpacks-go-cloudevents-function",
  kind: "CloudEvents function",
  specs: CLOUDEVENTS_SHAPES.map(specOf),
  equivalences: CLOUDEVENTS_EQUIVALENCES,
  importFacts: CLOUDEVENTS_IMPORT_FACTS,
  requiredModules: [CLOUDEVENTS_MODULE],
  /**
   * Receivers that take an event win. Without one, a receiver that takes none is accepted
   * only when the package itself imports sdk-go.
   */
  narrow(candidates: PlannedCandidate[], pkg: AnalyzedPackage): PlannedCandidate[] {
    const withEvent = candidates.filter((c) => takesEvent(c.shape));
    if (withEvent.length > 0) return withEvent;
    return importsSdk(pkg) ? candidates : [];
  },
  /** The adapter imports sdk-go's client, protocol and HTTP protocol; the sdk's root package imports all three. */
  missingImports(pkg: AnalyzedPackage): string[] {
    const built = pkg.imports.includes(CLOUDEVENTS_MODULE) ? CLOUDEVENTS_ADAPTER_IMPORTS : pkg.imports;
    const vendored = pkg.vendoredPackages;
    return CLOUDEVENTS_ADAPTER_IMPORTS.filter((path) => !built.includes(path) || (vendored !== undefined && !vendored.includes(path)));
  },
  generate: generateCloudEventsServer,
};
