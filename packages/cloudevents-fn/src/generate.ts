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
import type { FuncShape, TypePattern } from "@fnpacks/go-detect";
import { CLOUDEVENTS_SPECS, type CloudEventsShape, SDK } from "./specs";

/**
 * The request body limit of CloudEvents functions unless FNPACKS_MAX_BODY_BYTES says otherwise,
 * in MiB: sdk-go reads a whole event into memory, so an unbounded body is unbounded memory.
 */
export const CLOUDEVENTS_MAX_BODY_MIB = 32;

/**
 * The generated server for a CloudEvents receiver on the shared runtime (PORT, probes,
 * shutdown, timeouts and body limit are those of every fnpacks function): sdk-go's HTTP
 * protocol is the runtime's handler (binary and structured mode in, reply events out), and an
 * sdk-go client takes the events it receives, exactly as client.StartReceiver does in a
 * hand-written main. The client runs as the runtime's Background, so it outlives in-flight
 * requests at shutdown.
 *
 * Not client.NewHTTPReceiveHandler: it hands each request's message to whichever request's
 * goroutine is waiting, and when a request ends first its goroutine leaves without a message,
 * so under concurrent load messages pile up unanswered and the server stops responding.
 *
 * Between protocol and client sits `inbound`, which only changes how requests without a usable
 * event are answered: sdk-go's protocol answers 500 to anything but a validation error, as if
 * the function had failed. The client still decodes each request, in its own goroutine per
 * request as before; errors from reading the request as an event are marked on the way, and
 * the answer to a marked error is 400. A content type that carries no single event is 415.
 *
 * The sdk checks the receiver's shape itself, by reflection, so every shape shares one adapter.
 */
export function generateCloudEventsServer(target: FunctionTarget, shape: CloudEventsShape): GeneratedPackage {
  const spec = CLOUDEVENTS_SPECS.find((candidate) => candidate.id === shape);
  if (spec?.kind !== "func") throw new Error(`unknown CloudEvents receiver shape ${shape}`);
  const linkedType = isLinked(target) ? `(${spec.params.map(goType).join(", ")})${results(spec.results.map(goType))}` : undefined;
  const exitOn = (what: string, indent = "\t") => `${indent}if err != nil {
${indent}\tfmt.Fprintf(os.Stderr, "fnpacks: ${what}: %v\\n", err)
${indent}\tos.Exit(1)
${indent}}
`;
  const needs = instanceNeeds(target);
  const fields = `\t\tName:    ${goString(reportedName(target))},
\t\tPackage: ${goString(target.importPath)},
\t\tHandler: protocol,
\t\tBackground: func(ctx context.Context) {
\t\t\terr := client.StartReceiver(ctx, ${receiver(spec, servingFunction(target), "\t\t\t")})
${exitOn(`${target.name} cannot receive CloudEvents`, "\t\t\t")}\t\t},
\t\t// sdk-go reads a whole event into memory.
\t\tDefaultMaxBodyBytes: ${CLOUDEVENTS_MAX_BODY_MIB} << 20,`;
  const main = renderMain(target, {
    summary: `the CloudEvents function ${describeTarget(target)} of ${target.importPath} (${target.position}), shaped ${shape}`,
    imports: [
      '"context"',
      '"errors"',
      '"fmt"',
      '"net/http"',
      '"os"',
      `"${SDK.binding}"`,
      `ceclient "${SDK.client}"`,
      `ceprotocol "${SDK.protocol}"`,
      `cehttp "${SDK.http}"`,
      `ceevent "${SDK.event}"`,
      ...needs.imports,
    ],
    body: `\tprotocol, err := cehttp.New()
${exitOn("CloudEvents HTTP protocol")}\t// The defaults client.NewHTTP gives a hand-written main: events get a time and an id.
\tclient, err := ceclient.New(inbound{protocol, protocol}, ceclient.WithTimeNow(), ceclient.WithUUIDs())
${exitOn("CloudEvents client")}${callMain(target, fields)}`,
    declarations: [INBOUND, failed(reportedName(target)), needs.declarations].filter(Boolean).join("\n\n"),
    ...(linkedType ? { linkedType } : {}),
  });
  return { files: packageFiles(main), buildTarget: BUILD_TARGET };
}

/**
 * The receiver the client calls, of one shape for every function: it calls the function as its
 * shape takes it and hands what it returned to the client, its error through failed. sdk-go
 * checks a receiver's shape by reflection, so any of these is one it accepts.
 */
function receiver(spec: FuncShape, fn: string, indent: string): string {
  const call = `${fn}(${spec.params.map((p) => (goType(p) === "context.Context" ? "ctx" : "e")).join(", ")})`;
  const resultTypes = spec.results.map(goType);
  const replies = resultTypes.includes("*ceevent.Event");
  const fails = resultTypes.includes("error");
  const body =
    replies && fails
      ? [`reply, err := ${call}`, "return reply, failed(ctx, e, err)"]
      : replies
        ? [`return ${call}, nil`]
        : fails
          ? [`return nil, failed(ctx, e, ${call})`]
          : [call, "return nil, nil"];
  return `func(ctx context.Context, e ceevent.Event) (*ceevent.Event, ceprotocol.Result) {
${body.map((line) => `${indent}\t${line}`).join("\n")}
${indent}}`;
}

/**
 * What the client answers for an error the function returned, after a warning that names it
 * with the event: a 500 whose body is the error (sdk-go's protocol would write an empty one),
 * or the status of a cehttp.Result the function chose. An ACK is no error.
 */
function failed(name: string): string {
  return `// failed answers the function's error with its text (500 unless it chose a status with
// cehttp.NewResult), and logs it at warn with the event it failed on.
func failed(ctx context.Context, e ceevent.Event, err error) ceprotocol.Result {
\tif ceprotocol.IsACK(err) {
\t\treturn nil
\t}
\tfnruntime.Logger(ctx).Warn("the function returned an error",
\t\t"function", ${goString(name)}, "error", err.Error(), "event_id", e.ID(), "event_type", e.Type(), "event_source", e.Source())
\tvar chosen *cehttp.Result
\tif ceprotocol.ResultAs(err, &chosen) {
\t\treturn err
\t}
\treturn cehttp.NewResult(http.StatusInternalServerError, "%s returned an error: %s", ${goString(name)}, err)
}`;
}

/**
 * A receiver shape's types as Go source, to call the receiver and to declare an unexported one's link to
 * it. R is written `error`: a registration call (functions.CloudEvent takes a
 * func(context.Context, cloudevents.Event) error) has compiled the func against exactly that.
 */
function goType(pattern: TypePattern | { any: string }): string {
  if ("any" in pattern) throw new Error(`no Go type for the wildcard ${pattern.any}`);
  if (pattern.importPath === "context") return "context.Context";
  if (pattern.importPath === SDK.event) return `${pattern.pointer ? "*" : ""}ceevent.Event`;
  if (pattern.importPath === "" && pattern.name === "error") return "error";
  throw new Error(`no Go type for ${pattern.importPath}.${pattern.name}`);
}

const results = (types: string[]): string => (types.length === 0 ? "" : types.length === 1 ? ` ${types[0]}` : ` (${types.join(", ")})`);

/** The protocol as the client sees it; the same for every receiver. */
const INBOUND = `// inbound is the protocol as the client sees it: only a source of requests to take (and
// answer). It hides the protocol's OpenInbound, so the client opens no listener of its own.
// The client takes requests through Respond; it wants a Receiver all the same for receivers
// that reply no event.
type inbound struct {
\tceprotocol.Receiver
\tprotocol *cehttp.Protocol
}

// Respond hands the client each request with its reading errors marked, and answers a request
// that holds no usable event as HTTP means it: 400 if it cannot be decoded, 415 if its content
// type carries no single event (sdk-go's protocol would answer 500 to most of these).
func (in inbound) Respond(ctx context.Context) (binding.Message, ceprotocol.ResponseFn, error) {
\tm, respond, err := in.protocol.Respond(ctx)
\trequest, ok := m.(*cehttp.Message)
\tif err != nil || !ok {
\t\treturn m, respond, err
\t}
\treturn eventRequest{request}, func(ctx context.Context, reply binding.Message, result ceprotocol.Result, t ...binding.Transformer) error {
\t\tif result != nil {
\t\t\tresult = asHTTP(result, request)
\t\t}
\t\treturn respond(ctx, reply, result, t...)
\t}, nil
}

// asHTTP is the answer to result, the client's outcome for request: 400 or 415 for a request
// without a usable event, otherwise result itself. (Out of line: what errors.As writes to
// escapes, and an event answered without error should not pay for it.)
func asHTTP(result ceprotocol.Result, request *cehttp.Message) ceprotocol.Result {
\tvar bad undecodable
\tswitch {
\tcase errors.As(result, &bad):
\t\treturn cehttp.NewResult(http.StatusBadRequest, "%s", bad.Error())
\tcase errors.Is(result, binding.ErrUnknownEncoding):
\t\treturn cehttp.NewResult(http.StatusUnsupportedMediaType,
\t\t\t"unsupported content type %q: send one CloudEvent, in binary mode (ce-specversion, ce-id, ce-source and ce-type headers) or structured mode (Content-Type: application/cloudevents+json)",
\t\t\trequest.Header.Get("Content-Type"))
\t}
\treturn result
}

// eventRequest is a request as the client reads it into an event, with every reading error
// marked undecodable: that tells them from the receiver's own errors, which stay its answer.
type eventRequest struct{ *cehttp.Message }

func (r eventRequest) ReadStructured(ctx context.Context, w binding.StructuredWriter) error {
\tif r.ReadEncoding() == binding.EncodingBatch {
\t\treturn binding.ErrUnknownEncoding // a batch is no single event
\t}
\treturn markUndecodable(r.Message.ReadStructured(ctx, w))
}

func (r eventRequest) ReadBinary(ctx context.Context, w binding.BinaryWriter) error {
\treturn markUndecodable(r.Message.ReadBinary(ctx, w))
}

func markUndecodable(err error) error {
\t// The sdk compares with these to pick the other encoding: they pass unchanged.
\tif err == nil || err == binding.ErrNotStructured || err == binding.ErrNotBinary {
\t\treturn err
\t}
\treturn undecodable{err}
}

type undecodable struct{ err error }

func (u undecodable) Error() string { return "cannot decode the CloudEvent: " + u.err.Error() }
func (u undecodable) Unwrap() error { return u.err }`;
