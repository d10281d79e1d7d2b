import { BUILD_TARGET, type GeneratedPackage } from "./layout";
import { goString, packageFiles, renderMain } from "./go-source";
import type { FunctionTarget } from "./target";

/** The HTTP function forms fnpacks/go-http-function accepts. */
export type HttpShape =
  /** func(http.ResponseWriter, *http.Request) */
  | "handler-func"
  /** func(context.Context, http.ResponseWriter, *http.Request): knative func's Go signature */
  | "context-handler-func"
  /** var X http.HandlerFunc */
  | "handler-func-var"
  /** var X http.Handler: a router exposed as a value */
  | "handler-var";

export const HTTP_SHAPES: readonly HttpShape[] = ["handler-func", "context-handler-func", "handler-func-var", "handler-var"];

/** The generated server for an HTTP function: the runtime plus a main that hands it the handler. */
export function generateHttpServer(
  target: FunctionTarget,
  shape: HttpShape,
  runtimeFiles?: Readonly<Record<string, string>>,
): GeneratedPackage {
  const isVar = shape === "handler-func-var" || shape === "handler-var";
  const main = renderMain(target, {
    summary: `the HTTP function ${target.name} of ${target.importPath} (${target.position})`,
    imports: isVar ? ['"fmt"', '"os"'] : ['"net/http"'],
    body: `${isVar ? nilCheck(target) : ""}\tfnruntime.Main(fnruntime.Function{
\t\tName:    ${goString(target.name)},
\t\tPackage: ${goString(target.importPath)},
\t\tHandler: ${handlerExpression(target.name, shape)},
\t})`,
  });
  return { files: packageFiles(main, runtimeFiles), buildTarget: BUILD_TARGET };
}

function handlerExpression(name: string, shape: HttpShape): string {
  switch (shape) {
    case "handler-func":
      return `http.HandlerFunc(function.${name})`;
    case "context-handler-func":
      // The request's context: cancelled when the client goes away or the server shuts down.
      return `http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\t\tfunction.${name}(r.Context(), w, r)
\t\t})`;
    case "handler-func-var":
    case "handler-var":
      return `function.${name}`;
  }
}

/** A handler variable is only set at run time: a nil one would panic on every request. */
function nilCheck(target: FunctionTarget): string {
  const message = `fnpacks: ${target.importPath}.${target.name} (${target.position}) is nil: assign it a handler where it is declared or in an init function`;
  return `\tif function.${target.name} == nil {
\t\tfmt.Fprintln(os.Stderr, ${goString(message)})
\t\tos.Exit(1)
\t}
`;
}
