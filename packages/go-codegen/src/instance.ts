// The generated main's part for instanced functions (Knative Functions' `New() *T` form): the
// instance is made once, before the runtime opens the port, and its lifecycle methods become
// the runtime's hooks, so static and instanced functions share probes, drain, timeouts and logs.
import { isLinked, linkedName } from "./linked";
import type { FunctionTarget, LifecycleMethod } from "./target";

/** The Go expression of the function that serves: the user's function (linked when unexported), or the instance's Handle. */
export function servingFunction(target: FunctionTarget): string {
  if (target.instance) return "instance.Handle";
  return isLinked(target) ? linkedName(target) : `function.${target.name}`;
}

/** The name the server reports (the startup log's "function"): the registered name, if any. */
export function reportedName(target: FunctionTarget): string {
  return target.registered?.name ?? target.name;
}

/** What serves, for the generated file's comment, e.g. `New().Handle` or `HelloHTTP (helloHTTP, registered with functions.HTTP)`. */
export function describeTarget(target: FunctionTarget): string {
  if (target.instance) return `${target.name}().Handle`;
  if (target.registered) return `${target.registered.name} (${target.name}, registered with ${target.registered.call})`;
  return target.name;
}

const HOOKS: Record<LifecycleMethod, string> = {
  // func-go hands Start its configuration as a map: here the process environment (no cfg file).
  Start: "fn.Start = func(ctx context.Context) error { return instance.Start(ctx, environment()) }",
  Ready: "fn.Ready = instance.Ready",
  Alive: "fn.Alive = instance.Alive",
  Stop: "fn.Stop = instance.Stop",
};

/**
 * The end of func main: the runtime serving the fnruntime.Function whose fields (lines indented
 * two tabs, gofmt-aligned) the signature wrote. For an instance, the constructor runs first
 * and its lifecycle methods are set as hooks; statements, not more fields, so the signature's
 * alignment holds.
 */
export function callMain(target: FunctionTarget, fields: string): string {
  const literal = `fnruntime.Function{\n${fields}\n\t}`;
  if (!target.instance) return `\tfnruntime.Main(${literal})`;
  const methods = new Set(target.instance.methods);
  const hooks = (["Start", "Ready", "Alive", "Stop"] as const).filter((m) => methods.has(m)).map((m) => `\t${HOOKS[m]}\n`);
  return `\tinstance := function.${target.name}()\n\tfn := ${literal}\n${hooks.join("")}\tfnruntime.Main(fn)`;
}

/** What the instance's hooks need besides the runtime: imports and top-level declarations. */
export function instanceNeeds(target: FunctionTarget): { imports: string[]; declarations: string } {
  if (!target.instance?.methods.includes("Start")) return { imports: [], declarations: "" };
  return { imports: ['"context"', '"os"', '"strings"'], declarations: ENVIRONMENT };
}

const ENVIRONMENT = `// environment is the process environment as the map Start takes, as func-go passes it.
func environment() map[string]string {
\tenv := map[string]string{}
\tfor _, entry := range os.Environ() {
\t\tif name, value, ok := strings.Cut(entry, "="); ok {
\t\t\tenv[name] = value
\t\t}
\t}
\treturn env
}`;
