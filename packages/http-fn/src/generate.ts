import {
  BUILD_TARGET,
  callMain,
  describeTarget,
  type FunctionTarget,
  type GeneratedPackage,
  goString,
  instanceNeeds,
  isLinked,
  packageFiles,
  renderMain,
  reportedName,
  servingFunction,
} from "@fnpacks/go-codegen";
import { context, HTTP_SPECS, type HttpShape, type HttpSpec } from "./specs";

/** The generated server for an HTTP function: the runtime plus a main that hands it the handler. */
export function generateHttpServer(target: FunctionTarget, shape: HttpShape): GeneratedPackage {
  const spec = HTTP_SPECS.find((s) => s.id === shape);
  if (!spec) throw new Error(`unknown HTTP function shape ${shape}`);
  const isVar = spec.kind === "var";
  const needs = instanceNeeds(target);
  const linked = isLinked(target) ? linkedType(spec) : undefined;
  const fields = `\t\tName:    ${goString(reportedName(target))},
\t\tPackage: ${goString(target.importPath)},
\t\tHandler: ${handlerExpression(servingFunction(target), spec)},`;
  const main = renderMain(target, {
    summary: `the HTTP function ${describeTarget(target)} of ${target.importPath} (${target.position})`,
    imports: [...(isVar ? ['"fmt"', '"os"'] : ['"net/http"']), ...needs.imports, ...(linked?.imports ?? [])],
    body: `${isVar ? nilCheck(target) : ""}${callMain(target, fields)}`,
    ...(needs.declarations ? { declarations: needs.declarations } : {}),
    ...(linked ? { linkedType: linked.type } : {}),
  });
  return { files: packageFiles(main), buildTarget: BUILD_TARGET };
}

/**
 * An unexported func's type, for the declaration that links to it: exactly the spec's types
 * (a registration call has compiled the func against that type). A variable cannot be linked.
 */
function linkedType(spec: HttpSpec): { type: string; imports: string[] } {
  if (spec.kind !== "func") throw new Error(`an unexported ${spec.id} cannot be linked: only funcs are`);
  const withContext = spec.params[0] === context;
  return {
    type: `(${withContext ? "context.Context, " : ""}http.ResponseWriter, *http.Request)`,
    imports: withContext ? ['"context"'] : [],
  };
}

/** `fn` is the Go expression of the user's function (or variable) of shape `spec`. */
function handlerExpression(fn: string, spec: HttpSpec): string {
  const { kind, id } = spec;
  // http.HandlerFunc or http.Handler: already an http.Handler.
  if (spec.kind === "var") return fn;
  if (spec.kind !== "func") throw new Error(`no HTTP adapter for ${kind} specs (${id})`);
  if (spec.params[0] !== context) return `http.HandlerFunc(${fn})`;
  // The request's context: cancelled when the client goes away or the server shuts down.
  return `http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\t\t${fn}(r.Context(), w, r)
\t\t})`;
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
