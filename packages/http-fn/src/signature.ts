import { FUNCTIONS_FRAMEWORK, FUNCTIONS_FRAMEWORK_FUNCTIONS, type FunctionSignature, generateOne } from "@fnpacks/go-function";
import { HTTP_SPECS, type HttpShape } from "./specs";

/** fnpacks/go-http-function: the HTTP shapes of HTTP_SPECS. */
export const httpFunction: FunctionSignature<HttpShape> = {
  planName: "fnpacks-go-http-function",
  kind: "HTTP function",
  specs: HTTP_SPECS,
  // Knative Functions' instanced form: func-go's Handle(http.ResponseWriter, *http.Request), or with a context first.
  instanceHandles: HTTP_SPECS.flatMap((spec) => (spec.kind === "func" ? [spec] : [])),
  // Google's Functions Framework: functions.HTTP("Name", fn), fn a func(http.ResponseWriter, *http.Request).
  registrations: [{ framework: FUNCTIONS_FRAMEWORK, importPath: FUNCTIONS_FRAMEWORK_FUNCTIONS, name: "HTTP", shapes: ["handler-func"] }],
  generate: generateOne((target, shape) => generator().generateHttpServer(target, shape)),
};

/** The generator, and go-codegen with it, loaded by build only: evaluating them would cost every detect. */
function generator(): typeof import("./generate") {
  return require("./generate");
}
