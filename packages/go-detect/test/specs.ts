import type { SignatureSpec, TypePattern } from "../src";

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

export const specsByName: Record<string, SignatureSpec[]> = { http: httpSpecs, cloudevents: cloudEventsSpecs };
