import { packageFiles, renderMain } from "./go-source";
import { BUILD_TARGET, type GeneratedPackage } from "./layout";
import type { FunctionTarget } from "./target";

/** The sdk-go module the user's go.mod must require; the adapter imports two of its packages. */
export const CLOUDEVENTS_MODULE = "github.com/cloudevents/sdk-go/v2";
export const CLOUDEVENTS_ADAPTER_IMPORTS = [
  `${CLOUDEVENTS_MODULE}/client`,
  `${CLOUDEVENTS_MODULE}/protocol`,
  `${CLOUDEVENTS_MODULE}/protocol/http`,
];

type Inputs = "" | "ctx" | "E" | "ctx, E";
type Outputs = "" | "R" | "*E" | "(*E, R)";

/**
 * A receiver shape, written as the sdk documents it: E is the event (cloudevents.Event or
 * event.Event), R the result (error, protocol.Result or cloudevents.Result).
 */
export type CloudEventsShape = `func(${Inputs})${"" | ` ${Exclude<Outputs, "">}`}`;

const INPUTS: Inputs[] = ["", "ctx", "E", "ctx, E"];
const OUTPUTS: Outputs[] = ["", "R", "*E", "(*E, R)"];

/** Every form client.StartReceiver accepts: 4 inputs × 4 outputs. */
export const CLOUDEVENTS_SHAPES: readonly CloudEventsShape[] = INPUTS.flatMap((inputs) =>
  OUTPUTS.map((outputs) => `func(${inputs})${outputs ? ` ${outputs}` : ""}` as CloudEventsShape),
);

/**
 * The generated server for a CloudEvents receiver on the shared runtime (PORT, probes,
 * shutdown and timeouts are those of every fnpacks function): sdk-go's HTTP protocol is the
 * runtime's handler (binary and structured mode in, reply events out), and an sdk-go client
 * takes the events it receives, exactly as client.StartReceiver does in a hand-written main.
 * The client runs as the runtime's Background, so it outlives in-flight requests at shutdown.
 *
 * Not client.NewHTTPReceiveHandler: it hands each request's message to whichever request's
 * goroutine is waiting, and when a request ends first its goroutine leaves without a message,
 * so under concurrent load messages pile up unanswered and the server stops responding.
 *
 * The sdk checks the receiver's shape itself, by reflection, so every shape shares one adapter.
 */
export function generateCloudEventsServer(target: FunctionTarget, shape: CloudEventsShape): GeneratedPackage {
  if (!CLOUDEVENTS_SHAPES.includes(shape)) throw new Error(`unknown CloudEvents receiver shape ${shape}`);
  const [client, protocol, http] = CLOUDEVENTS_ADAPTER_IMPORTS;
  const exitOn = (what: string, indent = "\t") => `${indent}if err != nil {
${indent}\tfmt.Fprintf(os.Stderr, "fnpacks: ${what}: %v\\n", err)
${indent}\tos.Exit(1)
${indent}}
`;
  const main = renderMain(target, {
    summary: `the CloudEvents function ${target.name} of ${target.importPath} (${target.position}), shaped ${shape}`,
    imports: ['"context"', '"fmt"', '"os"', `ceclient "${client}"`, `ceprotocol "${protocol}"`, `cehttp "${http}"`],
    body: `\tprotocol, err := cehttp.New()
${exitOn("CloudEvents HTTP protocol")}\t// The defaults client.NewHTTP gives a hand-written main: events get a time and an id.
\tclient, err := ceclient.New(inbound{protocol, protocol}, ceclient.WithTimeNow(), ceclient.WithUUIDs())
${exitOn("CloudEvents client")}\tfnruntime.Main(fnruntime.Function{
\t\tName:    ${JSON.stringify(target.name)},
\t\tPackage: ${JSON.stringify(target.importPath)},
\t\tHandler: protocol,
\t\tBackground: func(ctx context.Context) {
\t\t\terr := client.StartReceiver(ctx, function.${target.name})
${exitOn(`${target.name} cannot receive CloudEvents`, "\t\t\t")}\t\t},
\t})`,
    declarations: `// inbound is the protocol as the client sees it: only a source of requests to take (and
// answer). It hides the protocol's OpenInbound, so the client opens no listener of its own.
type inbound struct {
\tceprotocol.Receiver
\tceprotocol.Responder
}`,
  });
  return { files: packageFiles(main), buildTarget: BUILD_TARGET };
}
