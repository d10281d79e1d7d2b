import { specList, type TypePattern } from "@fnpacks/go-detect";

const responseWriter: TypePattern = { importPath: "net/http", name: "ResponseWriter" };
const request: TypePattern = { importPath: "net/http", name: "Request", pointer: true };
/** A func that takes one first gets the request's context. */
export const context: TypePattern = { importPath: "context", name: "Context" };

/**
 * The HTTP function forms fnpacks/go-http-function accepts (the README's detection table), in go-detect's
 * terms. The ids are what detect writes into the plan as each candidate's shape.
 */
export const HTTP_SPECS = specList([
  /** func(http.ResponseWriter, *http.Request) */
  { kind: "func", id: "handler-func", params: [responseWriter, request], results: [] },
  /** func(context.Context, http.ResponseWriter, *http.Request): knative func's Go signature */
  { kind: "func", id: "context-handler-func", params: [context, responseWriter, request], results: [] },
  /** var X http.HandlerFunc */
  { kind: "var", id: "handler-func-var", types: [{ importPath: "net/http", name: "HandlerFunc" }] },
  /** var X http.Handler: a router exposed as a value */
  { kind: "var", id: "handler-var", types: [{ importPath: "net/http", name: "Handler" }] },
]);

/** An HTTP function form: the id of one of HTTP_SPECS. */
export type HttpShape = (typeof HTTP_SPECS)[number]["id"];
export type HttpSpec = (typeof HTTP_SPECS)[number];
