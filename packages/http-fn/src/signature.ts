import { generateHttpServer, type HttpShape } from "@fnpacks/go-codegen";
import type { FunctionSignature } from "@fnpacks/go-function";

const responseWriter = { importPath: "net/http", name: "ResponseWriter" };
const request = { importPath: "net/http", name: "Request", pointer: true };
const context = { importPath: "context", name: "Context" };

/** fnpacks/go-http-function: the HTTP shapes DESIGN.md §3 accepts. */
export const httpFunction: FunctionSignature<HttpShape> = {
  planName: "fnpacks-go-http-function",
  kind: "HTTP function",
  specs: [
    { kind: "func", id: "handler-func", params: [responseWriter, request], results: [] },
    { kind: "func", id: "context-handler-func", params: [context, responseWriter, request], results: [] },
    { kind: "var", id: "handler-func-var", types: [{ importPath: "net/http", name: "HandlerFunc" }] },
    { kind: "var", id: "handler-var", types: [{ importPath: "net/http", name: "Handler" }] },
  ],
  generate: generateHttpServer,
};
