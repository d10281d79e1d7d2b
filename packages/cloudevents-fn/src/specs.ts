import { specList, type TypePattern } from "@fnpacks/go-detect";

/** The sdk-go module the user's go.mod must require. */
export const CLOUDEVENTS_MODULE = "github.com/cloudevents/sdk-go/v2";

// What the ids below abbreviate: ctx, E (the event: cloudevents.Event ≡ event.Event, see the
// signature's equivalences), *E and R (the result: error ≡ protocol.Result ≡ cloudevents.Result).
const ctx: TypePattern = { importPath: "context", name: "Context" };
const E: TypePattern = { importPath: `${CLOUDEVENTS_MODULE}/event`, name: "Event" };
const eventPointer: TypePattern = { ...E, pointer: true };
const R: TypePattern = { importPath: "", name: "error" };

/**
 * Every receiver shape client.StartReceiver accepts: inputs (), (ctx), (E), (ctx, E) × outputs
 * none, R, *E, (*E, R). The ids, written as the sdk documents the shapes, are what detect
 * writes into the plan as each candidate's shape.
 */
export const CLOUDEVENTS_SPECS = specList([
  { kind: "func", id: "func()", params: [], results: [] },
  { kind: "func", id: "func() R", params: [], results: [R] },
  { kind: "func", id: "func() *E", params: [], results: [eventPointer] },
  { kind: "func", id: "func() (*E, R)", params: [], results: [eventPointer, R] },
  { kind: "func", id: "func(ctx)", params: [ctx], results: [] },
  { kind: "func", id: "func(ctx) R", params: [ctx], results: [R] },
  { kind: "func", id: "func(ctx) *E", params: [ctx], results: [eventPointer] },
  { kind: "func", id: "func(ctx) (*E, R)", params: [ctx], results: [eventPointer, R] },
  { kind: "func", id: "func(E)", params: [E], results: [] },
  { kind: "func", id: "func(E) R", params: [E], results: [R] },
  { kind: "func", id: "func(E) *E", params: [E], results: [eventPointer] },
  { kind: "func", id: "func(E) (*E, R)", params: [E], results: [eventPointer, R] },
  { kind: "func", id: "func(ctx, E)", params: [ctx, E], results: [] },
  { kind: "func", id: "func(ctx, E) R", params: [ctx, E], results: [R] },
  { kind: "func", id: "func(ctx, E) *E", params: [ctx, E], results: [eventPointer] },
  { kind: "func", id: "func(ctx, E) (*E, R)", params: [ctx, E], results: [eventPointer, R] },
]);

/** A receiver shape: the id of one of CLOUDEVENTS_SPECS. */
export type CloudEventsShape = (typeof CLOUDEVENTS_SPECS)[number]["id"];

const TAKING_AN_EVENT: ReadonlySet<string> = new Set(
  CLOUDEVENTS_SPECS.filter((spec) => spec.kind === "func" && spec.params.includes(E)).map((spec) => spec.id),
);

/** Whether a shape takes the event. Those that take none are legal for the sdk, but `func() error` matches far too much code. */
export function takesEvent(shape: string): boolean {
  return TAKING_AN_EVENT.has(shape);
}

/** The sdk-go packages the adapter imports. */
export const SDK = {
  event: `${CLOUDEVENTS_MODULE}/event`,
  binding: `${CLOUDEVENTS_MODULE}/binding`,
  client: `${CLOUDEVENTS_MODULE}/client`,
  protocol: `${CLOUDEVENTS_MODULE}/protocol`,
  http: `${CLOUDEVENTS_MODULE}/protocol/http`,
};

/** The sdk-go packages the adapter imports: the user's module must provide them (build asks go). */
export const CLOUDEVENTS_ADAPTER_IMPORTS: readonly string[] = [SDK.binding, SDK.client, SDK.event, SDK.protocol, SDK.http];
