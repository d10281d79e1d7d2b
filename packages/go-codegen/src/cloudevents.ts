import { packageFiles, renderMain } from "./go-source";
import { BUILD_TARGET, type GeneratedPackage } from "./layout";
import type { FunctionTarget } from "./target";

/** The sdk-go module the user's go.mod must require; the adapter imports two of its packages. */
export const CLOUDEVENTS_MODULE = "github.com/cloudevents/sdk-go/v2";
export const CLOUDEVENTS_ADAPTER_IMPORTS = [`${CLOUDEVENTS_MODULE}/client`, `${CLOUDEVENTS_MODULE}/protocol/http`];

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
 * The generated server for a CloudEvents receiver: sdk-go's HTTP receive handler (binary and
 * structured mode in, reply events out) mounted on the shared runtime, so PORT, probes,
 * shutdown and timeouts are those of every fnpacks function. The sdk checks the receiver's
 * shape itself, by reflection, so every shape shares one adapter.
 */
export function generateCloudEventsServer(target: FunctionTarget, shape: CloudEventsShape): GeneratedPackage {
  if (!CLOUDEVENTS_SHAPES.includes(shape)) throw new Error(`unknown CloudEvents receiver shape ${shape}`);
  const failure = (what: string) => `\tif err != nil {
\t\tfmt.Fprintf(os.Stderr, "fnpacks: ${what}: %v\\n", err)
\t\tos.Exit(1)
\t}
`;
  const main = renderMain(target, {
    summary: `the CloudEvents function ${target.name} of ${target.importPath} (${target.position}), shaped ${shape}`,
    imports: ['"context"', '"fmt"', '"os"', `ceclient "${CLOUDEVENTS_ADAPTER_IMPORTS[0]}"`, `cehttp "${CLOUDEVENTS_ADAPTER_IMPORTS[1]}"`],
    body: `\tprotocol, err := cehttp.New()
${failure("CloudEvents HTTP protocol")}\treceiver, err := ceclient.NewHTTPReceiveHandler(context.Background(), protocol, function.${target.name})
${failure(`${target.name} cannot receive CloudEvents`)}\tfnruntime.Main(fnruntime.Function{
\t\tName:    ${JSON.stringify(target.name)},
\t\tPackage: ${JSON.stringify(target.importPath)},
\t\tHandler: receiver,
\t})`,
  });
  return { files: packageFiles(main), buildTarget: BUILD_TARGET };
}
