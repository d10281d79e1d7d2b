import { type FunctionSignature, generateOne } from "@fnpacks/go-function";
import { generateHttpServer } from "./generate";
import { HTTP_SPECS, type HttpShape } from "./specs";

/** fnpacks/go-http-function: the HTTP shapes of HTTP_SPECS. */
export const httpFunction: FunctionSignature<HttpShape> = {
  planName: "fnpacks-go-http-function",
  kind: "HTTP function",
  specs: HTTP_SPECS,
  // Knative Functions' instanced form: func-go's Handle(http.ResponseWriter, *http.Request), or with a context first.
  instanceHandles: HTTP_SPECS.flatMap((spec) => (spec.kind === "func" ? [spec] : [])),
  generate: generateOne(generateHttpServer),
};
