import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { runInProcess, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";
import { functionBuildpack } from "@fnpacks/go-function";
import { mcpTools } from "../src";

const execFileAsync = promisify(execFile);
// Build asks the real go about the module and one case compiles the server: seconds, more on a cold cache.
jest.setTimeout(300_000);
const buildpack = functionBuildpack(mcpTools);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);
const SAMPLE = "../../../../samples/go/mcp-tools";

interface PlannedTool {
  name: string;
  shape: string;
  position: string;
  signature: string;
  details?: { description?: string };
}

async function plannedTools(ws: Workspace): Promise<PlannedTool[]> {
  const plan = (await ws.detectPlan()) as { requires: Array<{ name: string; metadata: { candidates: PlannedTool[] } }> };
  expect(plan.requires.map((r) => r.name)).toEqual(["fnpacks-go-mcp-tools"]);
  return plan.requires[0]?.metadata.candidates ?? [];
}

describe("detect", () => {
  it("plans every tool of the sample, each with its doc comment as description", async () => {
    const ws = await workspace(SAMPLE);
    const result = await runInProcess(buildpack, "detect", ws);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(await ws.detectPlan()).toMatchObject({
      provides: [{ name: "fnpacks-go-mcp-tools" }],
      requires: [{ name: "fnpacks-go-mcp-tools", metadata: { module: "example.com/weather", package: "example.com/weather", "package-dir": "." } }],
    });
    expect(await plannedTools(ws)).toEqual([
      {
        name: "Forecast",
        shape: "tool",
        position: "weather.go:35",
        signature: "func Forecast(context.Context, *mcp.CallToolRequest, ForecastIn) (*mcp.CallToolResult, ForecastOut, error)",
        details: { description: "Forecast returns a made-up forecast for a city: the same city always gets the same weather." },
      },
      {
        name: "Convert",
        shape: "tool",
        position: "weather.go:67",
        signature: "func Convert(context.Context, *mcp.CallToolRequest, ConvertIn) (*mcp.CallToolResult, ConvertOut, error)",
        details: { description: "Convert converts a temperature between Celsius and Fahrenheit." },
      },
    ]);
  });

  it("refuses each near miss and each input the SDK cannot use, saying why, and plans the tools among them", async () => {
    const ws = await workspace("near-misses");
    const result = await runInProcess(buildpack, "detect", ws, { BP_LOG_LEVEL: "DEBUG" });
    expect(result.code).toBe(0);
    expect((await plannedTools(ws)).map((t) => [t.name, t.details?.description])).toEqual([
      ["Echo", "Echo says back what it is given."],
      ["Shout", "Shout takes its input by pointer, which is fine."],
    ]);
    const said = (name: string) => result.stdout.split("\n").find((line) => line.includes(`: ${name} is not a candidate: `)) ?? `(nothing about ${name})`;
    expect(said("TwoResults")).toMatch(/tools\.go:\d+: TwoResults is not a candidate: returns 2 results: a tool returns \(\*mcp\.CallToolResult, Out, error\)/);
    expect(said("ByValue")).toContain("takes mcp.CallToolRequest by value: a tool takes *mcp.CallToolRequest");
    expect(said("NoContext")).toContain("takes no context.Context first");
    expect(said("Untyped")).toContain("is a low-level mcp.ToolHandler, which has no typed input");
    expect(said("hidden")).toContain("not exported");
    expect(said("Method")).toContain("method (has a receiver)");
    expect(said("Scalar")).toContain("its input type string is a scalar, not a JSON object: the SDK infers the tool's input schema from it");
    expect(said("Slice")).toContain("its input type []string is a slice or an array, not a JSON object");
    expect(said("Interface")).toContain("its input type Names is an interface");
    expect(said("IntKeys")).toContain("its input type map[int]string is a map with int keys: a JSON object's keys are strings");
    expect(said("Raw")).toContain("its input type json.RawMessage is not a JSON object");
    expect(said("Grüße")).toContain("its name is not an MCP tool name (ASCII letters, digits and _, at most 128)");
  });

  it("fails for a package with only near misses, naming them, and for one whose go.mod does not require the SDK", async () => {
    const none = await runInProcess(buildpack, "detect", await workspace("no-tools"));
    expect(none.code).toBe(100);
    expect(none.stdout).toContain("no MCP tool in example.com/notools");
    expect(none.stdout).toMatch(/tools\.go:\d+ Count: its input type \[\]string is a slice or an array/);
    expect(none.stdout).toMatch(/tools\.go:\d+ Legacy: is a low-level mcp\.ToolHandler/);
    const noSdk = await runInProcess(buildpack, "detect", await workspace("no-sdk"));
    expect(noSdk.code).toBe(100);
    expect(noSdk.stdout).toContain("go.mod does not require github.com/modelcontextprotocol/go-sdk");
    const app = await runInProcess(buildpack, "detect", await workspace("main-app"));
    expect(app.code).toBe(100);
    expect(app.stdout).toContain("is package main: an application, not a function");
  });

  it("BP_FUNCTION_NAME is a comma-separated subset; a name that is no tool fails detection", async () => {
    const ws = await workspace(SAMPLE);
    expect((await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: "Convert" })).code).toBe(0);
    expect((await plannedTools(ws)).map((t) => t.name)).toEqual(["Convert"]);
    expect((await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: " Convert , Forecast,Convert" })).code).toBe(0);
    expect((await plannedTools(ws)).map((t) => t.name)).toEqual(["Forecast", "Convert"]);
    const missing = await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: "Forecast,Handler" });
    expect(missing.code).toBe(100);
    expect(missing.stdout).toContain("no MCP tool named Handler (BP_FUNCTION_NAME) in example.com/weather");
    const refused = await runInProcess(buildpack, "detect", await workspace("near-misses"), { BP_FUNCTION_NAME: "Echo,Slice" });
    expect(refused.code).toBe(100);
    expect(refused.stdout).toContain("no MCP tool named Slice (BP_FUNCTION_NAME) in example.com/nearmisses");
    const bad = await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: "Forecast;Convert" });
    // A name that cannot mean anything fails detect (exit 100), so the lifecycle's detection goes on to the explainer.
    expect(bad.code).toBe(100);
    expect(bad.stdout).toContain('BP_FUNCTION_NAME="Forecast;Convert" is not a comma-separated list of exported Go identifiers');
  });
});

describe("build", () => {
  // Build runs `go` as the lifecycle would let it: with the process's PATH and HOME.
  const build = (ws: Workspace) => runInProcess(buildpack, "build", ws, { ...process.env });

  it("generates one server with every tool, checks the module provides the SDK, and it compiles", async () => {
    const ws = await workspace(SAMPLE);
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(0);
    await ws.planBuildFromDetect();
    const result = await build(ws);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).not.toContain("Warning");
    expect(result.stdout).toContain("Wrapping the MCP tools Forecast, Convert of example.com/weather");
    expect(await readFile(join(ws.layersDir, "go-targets", "env.build", "BP_GO_TARGETS.override"), "utf8")).toBe("./fnpacks-generated/server");
    const main = await readFile(join(ws.appDir, "fnpacks-generated", "server", "main.go"), "utf8");
    expect(main).toContain(
      'addTool(server, log, &mcp.Tool{Name: "Convert", Description: "Convert converts a temperature between Celsius and Fahrenheit."}, "weather.go:67", function.Convert)',
    );
    await execFileAsync("go", ["build", "-o", join(ws.root, "server"), "./fnpacks-generated/server"], { cwd: ws.appDir });
  });

  it("stops, naming the fix, when go.sum lacks what the generated server imports", async () => {
    const ws = await workspace(SAMPLE);
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(0);
    await ws.planBuildFromDetect();
    const sum = join(ws.appDir, "go.sum");
    const lines = (await readFile(sum, "utf8")).split("\n").filter((line) => !line.startsWith("github.com/modelcontextprotocol/go-sdk "));
    await writeFile(sum, lines.join("\n"));
    const result = await build(ws);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the generated MCP tool server needs packages your module does not provide: github.com/modelcontextprotocol/go-sdk/mcp");
  });
});
