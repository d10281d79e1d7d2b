import type { Equivalence, ImportFacts } from "@fnpacks/go-detect";
import {
  type AnalyzedPackage,
  FUNCTIONS_FRAMEWORK,
  FUNCTIONS_FRAMEWORK_FUNCTIONS,
  type FunctionSignature,
  generateOne,
  type PlannedCandidate,
} from "@fnpacks/go-function";
import { CLOUDEVENTS_ADAPTER_IMPORTS, CLOUDEVENTS_MODULE, CLOUDEVENTS_SPECS, type CloudEventsShape, takesEvent } from "./specs";

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

function importsSdk(pkg: AnalyzedPackage): boolean {
  return pkg.imports.some((path) => path === CLOUDEVENTS_MODULE || path.startsWith(`${CLOUDEVENTS_MODULE}/`));
}

/** fnpacks/go-cloudevents-function: every receiver shape of sdk-go v2 (the README's detection table). */
export const cloudEventsFunction: FunctionSignature<CloudEventsShape> = {
  planName: "fnpacks-go-cloudevents-function",
  kind: "CloudEvents function",
  specs: CLOUDEVENTS_SPECS,
  // Knative Functions' instanced form: Handle may have any receiver shape.
  instanceHandles: CLOUDEVENTS_SPECS.flatMap((spec) => (spec.kind === "func" ? [spec] : [])),
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
  // Google's Functions Framework: functions.CloudEvent("Name", fn), fn a func(context.Context, cloudevents.Event) error.
  registrations: [{ framework: FUNCTIONS_FRAMEWORK, importPath: FUNCTIONS_FRAMEWORK_FUNCTIONS, name: "CloudEvent", shapes: ["func(ctx, E) R"] }],
  adapterImports: CLOUDEVENTS_ADAPTER_IMPORTS,
  generate: generateOne((target, shape) => generator().generateCloudEventsServer(target, shape)),
};

/** The generator, and go-codegen with it, loaded by build only: evaluating them would cost every detect. */
function generator(): typeof import("./generate") {
  return require("./generate");
}
