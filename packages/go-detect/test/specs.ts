// Signature-like test data: go-detect itself knows Go, not any SDK, so the tests hand it what
// a signature package would (specs, equivalences, import facts).
import type { Equivalence, ImportFacts, SignatureSpec, TypePattern } from "../src";

const responseWriter: TypePattern = { importPath: "net/http", name: "ResponseWriter" };
const request: TypePattern = { importPath: "net/http", name: "Request", pointer: true };
const context: TypePattern = { importPath: "context", name: "Context" };

/** The shapes fnpacks/go-http-function accepts (as in packages/http-fn). */
export const httpSpecs: SignatureSpec[] = [
  { kind: "func", id: "handler-func", params: [responseWriter, request], results: [] },
  { kind: "func", id: "context-handler-func", params: [context, responseWriter, request], results: [] },
  { kind: "var", id: "handler-func-var", types: [{ importPath: "net/http", name: "HandlerFunc" }] },
  { kind: "var", id: "handler-var", types: [{ importPath: "net/http", name: "Handler" }] },
];

const event: TypePattern = { importPath: "github.com/cloudevents/sdk-go/v2", name: "Event" };
const eventPointer: TypePattern = { ...event, pointer: true };
const result: TypePattern = { importPath: "github.com/cloudevents/sdk-go/v2/protocol", name: "Result" };

const inputs: [string, TypePattern[]][] = [
  ["", []],
  ["ctx", [context]],
  ["event", [event]],
  ["ctx,event", [context, event]],
];
const outputs: [string, TypePattern[]][] = [
  ["", []],
  ["result", [result]],
  ["event", [eventPointer]],
  ["event,result", [eventPointer, result]],
];

/** The 16 receiver forms client.StartReceiver accepts, ids like "in(ctx,event)-out(result)". */
export const cloudEventsSpecs: SignatureSpec[] = inputs.flatMap(([inId, params]) =>
  outputs.map(([outId, results]): SignatureSpec => ({ kind: "func", id: `in(${inId})-out(${outId})`, params, results })),
);

const CE = "github.com/cloudevents/sdk-go/v2";

/** sdk-go's aliases, as cloudevents-fn declares them. */
export const cloudEventsEquivalences: readonly Equivalence[] = [
  [
    { importPath: CE, name: "Event" },
    { importPath: `${CE}/event`, name: "Event" },
  ],
  [
    { importPath: CE, name: "Result" },
    { importPath: `${CE}/protocol`, name: "Result" },
    { importPath: "", name: "error" },
  ],
];

/** sdk-go's package names and dot-importable types, as cloudevents-fn declares them. */
export const cloudEventsFacts: ImportFacts = {
  packageNames: { [CE]: "v2", [`${CE}/event`]: "event", [`${CE}/protocol`]: "protocol" },
  exports: {
    [CE]: ["Event", "Result", "Client", "EventContext"],
    [`${CE}/event`]: ["Event", "EventContext"],
    [`${CE}/protocol`]: ["Result", "Receipt"],
  },
};

export interface TestSignature {
  specs: SignatureSpec[];
  equivalences?: readonly Equivalence[];
  importFacts?: ImportFacts;
}

const boolean: TypePattern = { importPath: "", name: "bool" };
const error: TypePattern = { importPath: "", name: "error" };

/** Knative Functions' instanced form for HTTP, as a constructor spec. */
export const instancedHttpSpecs: SignatureSpec[] = [
  {
    kind: "constructor",
    id: "instanced",
    name: "New",
    returns: "either",
    method: { name: "Handle", shapes: [{ id: "handle", params: [responseWriter, request], results: [] }] },
    optionalMethods: [
      { name: "Start", shapes: [{ id: "start", params: [context, { any: "Config" }], results: [error] }] },
      { name: "Stop", shapes: [{ id: "stop", params: [context], results: [error] }] },
      { name: "Ready", shapes: [{ id: "ready", params: [context], results: [boolean, error] }] },
      { name: "Alive", shapes: [{ id: "alive", params: [context], results: [boolean, error] }] },
    ],
  },
];

export const signaturesByName: Record<string, TestSignature> = {
  http: { specs: httpSpecs },
  "http-instanced": { specs: instancedHttpSpecs },
  cloudevents: { specs: cloudEventsSpecs, equivalences: cloudEventsEquivalences, importFacts: cloudEventsFacts },
};
