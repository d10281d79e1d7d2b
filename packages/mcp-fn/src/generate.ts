import { BUILD_TARGET, callMain, type FunctionTarget, type GeneratedPackage, goString, packageFiles, renderMain, servingFunction } from "@fnpacks/go-codegen";
import { MCP_PACKAGE, TOOL } from "./specs";

/** A tool as generate gets it: the function, and its description (the function's doc comment). */
export interface ToolTarget {
  target: FunctionTarget;
  description?: string;
}

/** The path the MCP endpoint is served at; every other path is 404. */
export const MCP_PATH = "/mcp";

/**
 * The request body limit of MCP servers unless FNPACKS_MAX_BODY_BYTES says otherwise, in MiB:
 * the SDK reads each JSON-RPC message whole, and this is its own default limit (v1.7.0 on).
 */
export const MCP_MAX_BODY_MIB = 4;

/** Where the server's version comes from: `go build -ldflags "-X main.serverVersion=…"`. */
export const SERVER_VERSION_VAR = "main.serverVersion";

/**
 * The generated server for a package's MCP tools: one mcp.Server with every tool, served by the
 * SDK's streamable HTTP handler at MCP_PATH on the shared runtime (PORT, probes, drain, body
 * limit, logs are those of every fnpacks function). Each tool is the user's function, named
 * after it and described by its doc comment; mcp.AddTool infers its schemas from its types.
 * What the adapter adds (see ADAPTER):
 *   - a panicking tool ends with an error result and a logged stack: the SDK runs tool
 *     handlers on goroutines of its own and recovers nothing, so the runtime's recovery of
 *     panicking requests never sees them and the process would die;
 *   - an input type AddTool cannot use stops the process at start-up with the tool's name and
 *     position, rather than AddTool's bare panic;
 *   - the SDK's localhost (DNS rebinding) protection is off unless asked for: it refuses what a
 *     sidecar proxy forwards (see streamableOptions);
 *   - the streams the SDK holds open (a session's GET) end when shutdown starts, through the
 *     runtime's OnShutdown, instead of holding the shutdown until its timeout.
 * The SDK version is the one the user's go.mod requires (v1.0.0 on): options newer SDKs have are
 * set by name where they exist.
 */
export function generateMcpServer(tools: readonly ToolTarget[]): GeneratedPackage {
  const [first] = tools;
  if (first === undefined) throw new Error("an MCP server needs at least one tool");
  const { modulePath, importPath } = first.target;
  const strays = tools.filter((t) => t.target.importPath !== importPath || t.target.modulePath !== modulePath);
  if (strays.length > 0) throw new Error(`the tools of one server come from one package, not ${importPath} and ${strays[0]?.target.importPath}`);
  const names = tools.map((t) => t.target.name);
  const fields = `\t\tName:    ${goString(names.join(", "))},
\t\tPackage: ${goString(importPath)},
\t\tHandler: endpoint,
\t\t// The SDK reads each message whole into memory: its own default limit (v1.7.0 on).
\t\tDefaultMaxBodyBytes: ${MCP_MAX_BODY_MIB} << 20,
\t\t// The streams the SDK holds open end as shutdown starts, not at its timeout.
\t\tOnShutdown: endpoint.endStreams,`;
  const main = renderMain(first.target, {
    summary: `the MCP tools ${names.join(", ")} of ${importPath} as one MCP server (streamable HTTP at ${MCP_PATH})`,
    imports: ['"context"', '"fmt"', '"log/slog"', '"net/http"', '"os"', '"reflect"', '"runtime/debug"', '"strings"', `"${MCP_PACKAGE}"`],
    body: `\tsettings, err := loadSettings(os.Getenv)
\tif err != nil {
\t\tfmt.Fprintf(os.Stderr, "fnpacks: %v\\n", err)
\t\tos.Exit(2)
\t}
\t// The runtime's logger, for what the adapter logs (fnruntime.Main reports a bad configuration).
\tconfig, _ := fnruntime.LoadConfig(os.Getenv)
\tlog := fnruntime.NewLogger(os.Stdout, config)
\tserver := mcp.NewServer(&mcp.Implementation{Name: ${goString(modulePath)}, Version: version()}, nil)
${tools.map(addTool).join("\n")}
\tendpoint := newEndpoint(mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, streamableOptions(settings, log)))
${callMain(first.target, fields)}`,
    declarations: ADAPTER,
  });
  return { files: packageFiles(main), buildTarget: BUILD_TARGET };
}

/** The statement that adds one tool: its name is the function's, its description the doc comment. */
function addTool({ target, description }: ToolTarget): string {
  const tool = `&mcp.Tool{Name: ${goString(target.name)}${description ? `, Description: ${goString(description)}` : ""}}`;
  return `\taddTool(server, log, ${tool}, ${goString(target.position)}, ${servingFunction(target)})`;
}

/** The same for every server; fnruntime and mcp are imported as the main above imports them. */
const ADAPTER = `// serverVersion is the version the server gives in its initialize answer. Set it at build time
// with BP_GO_BUILD_LDFLAGS="-X ${SERVER_VERSION_VAR}=1.2.3"; left empty, it is the main module's
// version as Go recorded it (usually "(devel)").
var serverVersion string

// version is the server's version: serverVersion, or the main module's as Go recorded it.
func version() string {
\tif serverVersion != "" {
\t\treturn serverVersion
\t}
\tif info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" {
\t\treturn info.Main.Version
\t}
\treturn "(devel)"
}

// addTool adds a tool whose panics are recovered (see recovering), and stops the process with
// the reason when the SDK refuses it: mcp.AddTool panics when it cannot infer a JSON object
// schema from the tool's input type (or, before v1.7.0, its output type).
func addTool[In, Out any](server *mcp.Server, log *slog.Logger, tool *mcp.Tool, at string, handler mcp.ToolHandlerFor[In, Out]) {
\tdefer func() {
\t\tif v := recover(); v != nil {
\t\t\tfmt.Fprintf(os.Stderr, "fnpacks: the MCP tool %s (%s) cannot be served: %v\\n"+
\t\t\t\t"The SDK infers the tool's schemas from its input and output types: make the input a struct, a map with string keys or any (and, before SDK v1.7.0, the output too).\\n",
\t\t\t\ttool.Name, at, v)
\t\t\tos.Exit(1)
\t\t}
\t}()
\tmcp.AddTool(server, tool, recovering(log, tool.Name, handler))
}

// recovering ends a panicking tool call with an error result and a logged stack. The SDK runs
// tool handlers on goroutines of its own and recovers nothing: a panic there would end the
// process, and the runtime's recovery of panicking requests never sees it.
func recovering[In, Out any](log *slog.Logger, name string, handler mcp.ToolHandlerFor[In, Out]) mcp.ToolHandlerFor[In, Out] {
\treturn func(ctx context.Context, req *mcp.CallToolRequest, in In) (result *mcp.CallToolResult, out Out, err error) {
\t\tdefer func() {
\t\t\tif v := recover(); v != nil {
\t\t\t\tlog.Error("tool panicked", "tool", name, "panic", v, "stack", string(debug.Stack()))
\t\t\t\tvar zero Out
\t\t\t\tresult, out, err = nil, zero, fmt.Errorf("the tool %s failed: it panicked (the server logged why)", name)
\t\t\t}
\t\t}()
\t\treturn handler(ctx, req, in)
\t}
}

// settings are the MCP server's own runtime variables.
type settings struct {
\t// localhostProtection turns the SDK's DNS rebinding protection on (see streamableOptions).
\tlocalhostProtection bool
}

func loadSettings(getenv func(string) string) (settings, error) {
\tvar s settings
\tname := fnruntime.EnvPrefix + "MCP_LOCALHOST_PROTECTION"
\tswitch value := strings.TrimSpace(getenv(name)); strings.ToLower(value) {
\tcase "", "off":
\tcase "on":
\t\ts.localhostProtection = true
\tdefault:
\t\treturn s, fmt.Errorf("%s=%q: use on or off", name, value)
\t}
\treturn s, nil
}

// streamableOptions are the SDK's streamable HTTP handler's options, for whichever SDK version
// the module requires: those added after v1.0.0 are set by name where this version has them.
//   - DisableLocalhostProtection (v1.4.0 on): the SDK answers 403 to a request that reaches a
//     loopback address with a Host header other than localhost's, and that is every request a
//     sidecar proxy (Knative's queue-proxy, Istio's) forwards. Disabled unless
//     FNPACKS_MCP_LOCALHOST_PROTECTION=on (for a server reachable from a browser on the same
//     machine, which is what DNS rebinding attacks).
//   - MaxRequestBodyBytes (v1.7.0 on): none, so that the runtime's limit
//     (FNPACKS_MAX_BODY_BYTES) is the one limit, with the same default.
func streamableOptions(s settings, log *slog.Logger) *mcp.StreamableHTTPOptions {
\toptions := &mcp.StreamableHTTPOptions{}
\tif !setOption(options, "DisableLocalhostProtection", !s.localhostProtection) && s.localhostProtection {
\t\tlog.Warn("this MCP SDK version has no localhost protection (it came in v1.4.0): FNPACKS_MCP_LOCALHOST_PROTECTION=on changes nothing")
\t}
\tsetOption(options, "MaxRequestBodyBytes", int64(-1))
\treturn options
}

// setOption sets the option of that name to value if this SDK version has it, and says whether it did.
func setOption[T any](options *mcp.StreamableHTTPOptions, name string, value T) bool {
\tfield := reflect.ValueOf(options).Elem().FieldByName(name)
\tif !field.IsValid() || field.Type() != reflect.TypeOf(value) {
\t\treturn false
\t}
\tfield.Set(reflect.ValueOf(value))
\treturn true
}

// endpoint serves the MCP endpoint, ${MCP_PATH}. A session's stream (the GET on which the SDK
// sends a session's messages to the client) never ends by itself: left open, it would hold the
// shutdown until its timeout cancels it. Streams end when shutdown starts (endStreams is the
// runtime's OnShutdown), and a server shutting down opens none: it answers 405, which MCP
// clients take as "no stream here" and go on with requests as POSTs, which the drain still serves.
type endpoint struct {
\thandler    http.Handler
\tshutdown   context.Context
\tendStreams context.CancelFunc
}

func newEndpoint(handler http.Handler) endpoint {
\tshutdown, endStreams := context.WithCancel(context.Background())
\treturn endpoint{handler: handler, shutdown: shutdown, endStreams: endStreams}
}

func (e endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
\tif r.URL.Path != ${goString(MCP_PATH)} {
\t\thttp.Error(w, "404 page not found: this MCP server's endpoint is ${MCP_PATH}", http.StatusNotFound)
\t\treturn
\t}
\tif r.Method == http.MethodGet {
\t\tif e.shutdown.Err() != nil {
\t\t\tw.Header().Set("Allow", "POST, DELETE")
\t\t\thttp.Error(w, "this server is shutting down: it opens no stream", http.StatusMethodNotAllowed)
\t\t\treturn
\t\t}
\t\tctx, cancel := context.WithCancel(r.Context())
\t\tdefer cancel()
\t\tdefer context.AfterFunc(e.shutdown, cancel)()
\t\tr = r.WithContext(ctx)
\t}
\te.handler.ServeHTTP(w, r)
}`;

/** Checks the shape a plan gave each chosen function: only tools reach generate. */
export function toolShape(shape: string, name: string): void {
  if (shape !== TOOL) throw new Error(`${name}: ${JSON.stringify(shape)} is no MCP tool shape`);
}
