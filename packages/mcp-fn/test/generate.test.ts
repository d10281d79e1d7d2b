import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeGeneratedPackage } from "@fnpacks/go-codegen";
import { copyFixture, go, gofmtUnformatted, type RunningServer, removeDir, startProcess, startServer } from "@fnpacks/go-codegen/testing";
import { generateMcpServer, MCP_MAX_BODY_MIB, MCP_PATH, SERVER_VERSION_VAR, type ToolTarget } from "../src/generate";
import { MCP_ADAPTER_IMPORTS } from "../src/specs";
import { MCP_MODULE } from "../src/specs";
import { buildProbe, modFlags, type Probe, type ProbeCall, SDK_VERSIONS, type SdkVersion, streamEvents } from "./probe";

// The generated server, compiled with the real go against the oldest SDK version fnpacks claims
// and the newest the proxy serves, run, and talked to with the SDK's own client.
jest.setTimeout(300_000);

const modulePath = "example.com/fixtures/mcp";
const dirs: string[] = [];
const running: RunningServer[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.process.kill("SIGKILL");
});
afterAll(() => Promise.all(dirs.map(removeDir)));

const TOOLS = ["Greet", "Keys", "Pointer", "Anything", "Fail", "Crash", "Slow"];
const DESCRIPTIONS: Record<string, string> = { Greet: "Greet greets someone,\nas many times as asked.", Keys: "Keys lists the keys of any object, sorted." };

function tools(pkg: string, names: readonly string[]): ToolTarget[] {
  return names.map((name, i) => ({
    target: { modulePath, importPath: `${modulePath}/${pkg}`, name, position: `${pkg}/${pkg}.go:${10 * (i + 1)}` },
    ...(DESCRIPTIONS[name] ? { description: DESCRIPTIONS[name] } : {}),
  }));
}

async function build(sdk: SdkVersion, pkg = "tools", names: readonly string[] = TOOLS, ldflags?: string): Promise<string> {
  const app = await copyFixture(join(__dirname, "fixtures"), "generate");
  dirs.push(app);
  await writeGeneratedPackage(app, generateMcpServer(tools(pkg, names)));
  expect(await gofmtUnformatted(app, "fnpacks-generated")).toBe("");
  await go(app, ["vet", ...modFlags(sdk), "./fnpacks-generated/server"]);
  await go(app, ["build", ...modFlags(sdk), ...(ldflags ? ["-ldflags", ldflags] : []), "-o", "server.bin", "./fnpacks-generated/server"]);
  return join(app, "server.bin");
}

async function serve(binary: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer & { endpoint: string }> {
  const server = await startServer(binary, env);
  running.push(server);
  return { ...server, endpoint: `${server.url}${MCP_PATH}` };
}

it("generates the adapter (golden)", async () => {
  const golden = join(__dirname, "golden", "mcp.go.txt");
  const main = generateMcpServer(tools("tools", ["Greet", "Keys"])).files.find((f) => f.path.endsWith("/main.go"))?.content;
  if (process.env.UPDATE_GOLDEN) await writeFile(golden, main ?? "");
  expect(main).toBe(await readFile(golden, "utf8"));
});

it("declares every SDK package the adapter imports, for build's module check", () => {
  const main = generateMcpServer(tools("tools", ["Greet"])).files.find((f) => f.path.endsWith("/main.go"))?.content ?? "";
  const sdkImports = [...main.matchAll(/^\t(?:\w+ )?"([^"]+)"$/gm)].map((m) => m[1] as string).filter((path) => path.startsWith(`${MCP_MODULE}/`));
  expect(sdkImports.sort()).toEqual([...MCP_ADAPTER_IMPORTS].sort());
});

it("refuses what no server can serve: no tool, or tools of two packages", () => {
  expect(() => generateMcpServer([])).toThrow(/at least one tool/);
  expect(() => generateMcpServer([...tools("tools", ["Greet"]), ...tools("other", ["Keys"])])).toThrow(/one package/);
});

const GREET_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: { name: { type: "string", description: "who to greet" }, times: { type: "integer", description: "how many times (1 when left out)" } },
  required: ["name"],
};

describe.each(Object.keys(SDK_VERSIONS) as SdkVersion[])("with the SDK's %s version", (sdk) => {
  let probe: Probe;
  let binary: string;
  beforeAll(async () => {
    [probe, binary] = await Promise.all([buildProbe(sdk), build(sdk)]);
  });
  afterAll(() => probe.remove());

  it(`initialize, tools/list and tools/call through the SDK ${SDK_VERSIONS[sdk]} client: every input form, errors and a panic as error results`, async () => {
    const server = await serve(binary);
    const calls: ProbeCall[] = [
      { tool: "Greet", arguments: { name: "Ada", times: 2 } },
      { tool: "Keys", arguments: { a: 1, b: [2] } },
      { tool: "Pointer", arguments: { name: "Bob" } },
      { tool: "Anything", arguments: { x: 1 } },
      { tool: "Fail", arguments: { name: "Cy" } },
      { tool: "Crash", arguments: { name: "Di" } },
      { tool: "Greet", arguments: { name: "Ed" } },
      { tool: "Greet", arguments: { times: "twice" } },
    ];
    const report = await probe.run(server.endpoint, calls);
    expect(report.connectError).toBeUndefined();
    expect(report.server).toEqual({ name: modulePath, version: "(devel)" });
    // The SDK lists tools by name.
    expect(report.tools?.map((t) => t.name)).toEqual([...TOOLS].sort());
    const greet = report.tools?.find((t) => t.name === "Greet");
    expect(greet).toEqual({ name: "Greet", description: "Greet greets someone,\nas many times as asked.", inputSchema: GREET_SCHEMA });
    expect(report.tools?.find((t) => t.name === "Pointer")?.inputSchema).toEqual(GREET_SCHEMA);
    expect(report.tools?.find((t) => t.name === "Anything")?.inputSchema).toEqual({ type: "object" });
    expect(report.tools?.find((t) => t.name === "Crash")?.description).toBe("");

    const [greet2, keys, pointer, anything, fail, crash, after, invalid] = report.calls ?? [];
    expect(greet2).toEqual({ tool: "Greet", text: ['{"greeting":"Hello, Ada! Hello, Ada!"}'], structured: { greeting: "Hello, Ada! Hello, Ada!" } });
    expect(keys).toMatchObject({ structured: { keys: 2 } });
    expect(pointer).toMatchObject({ structured: { greeting: "Hi, Bob" } });
    expect(anything).toEqual({ tool: "Anything", text: ["got map[x:1]"] });
    expect(fail).toEqual({ tool: "Fail", isError: true, text: ["cannot greet Cy"] });
    expect(crash).toEqual({ tool: "Crash", isError: true, text: ["the tool Crash failed: it panicked (the server logged why)"] });
    expect(after).toMatchObject({ tool: "Greet", structured: { greeting: "Hello, Ed!" } });
    // Invalid input: before v1.5.0 the SDK answers a protocol error (invalid params), since then an error result.
    const why = 'validating "arguments": validating root: validating /properties/times: type: twice has type "string", want "integer"';
    if (sdk === "oldest") expect(invalid).toEqual({ tool: "Greet", protocolError: `calling "tools/call": invalid params: ${why}` });
    else expect(invalid).toEqual({ tool: "Greet", isError: true, text: [why] });

    const panicked = server.logs.map((line) => JSON.parse(line)).find((record) => record.msg === "tool panicked");
    expect(panicked).toMatchObject({ level: "ERROR", tool: "Crash", panic: "assignment to entry in nil map" });
    expect(panicked.stack).toContain("tools.Crash(");
  });

  it("serves a request whose Host is not localhost's, as a sidecar proxy forwards it; FNPACKS_MCP_LOCALHOST_PROTECTION=on turns the SDK's refusal on where the SDK has it", async () => {
    const open = await serve(binary);
    const forwarded = await probe.run(open.endpoint, [{ tool: "Greet", arguments: { name: "proxy" } }], { host: "tools.example.com" });
    expect(forwarded.calls?.[0]).toMatchObject({ structured: { greeting: "Hello, proxy!" } });

    const guarded = await serve(binary, { FNPACKS_MCP_LOCALHOST_PROTECTION: "on" });
    const refused = await probe.run(guarded.endpoint, [], { host: "tools.example.com" });
    if (sdk === "newest") {
      expect(refused.connectError).toMatch(/Forbidden/);
    } else {
      expect(refused.connectError).toBeUndefined();
      expect(guarded.logs.join("\n")).toContain("this MCP SDK version has no localhost protection (it came in v1.4.0)");
    }
  });

  it("SIGTERM with a stream open: readiness fails at once, the stream ends as shutdown starts, requests are served through the drain, a new stream is refused with 405, exit 0", async () => {
    const server = await serve(binary, { FNPACKS_DRAIN_DELAY: "3s", FNPACKS_SHUTDOWN_TIMEOUT: "5m" });
    const watcher = probe.watch(server.endpoint, [{ tool: "Greet", arguments: { name: "drain" } }]);
    try {
      await watcher.waitForLog('{"event":"stream","status":200}', 30_000);
      server.signal("SIGTERM");
      await watcher.waitForLog('{"event":"stream-ended"}', 30_000);
      // Still draining (the drain delay has not run out): the stream did not wait for the end.
      expect((await fetch(`${server.url}/.fnpacks/ready`)).status).toBe(503);
      await watcher.waitForLog('"event":"call"', 30_000);
      await watcher.waitForLog('{"event":"stream","status":405}', 30_000);
      expect(await server.exited).toBe(0);
      const events = streamEvents(watcher).map((e) => (e.event === "call" ? { call: e.outcome } : e));
      expect(events).toEqual([
        { event: "connected" },
        { event: "stream", status: 200 },
        { event: "stream-ended" },
        { call: { tool: "Greet", text: ['{"greeting":"Hello, drain!"}'], structured: { greeting: "Hello, drain!" } } },
        { event: "stream", status: 405 },
      ]);
      expect(server.logs.join("\n")).not.toContain("shutdown timeout reached");
    } finally {
      watcher.kill();
    }
  });
});

it("stops at start-up, naming the tool, when the SDK cannot infer an object schema from its input", async () => {
  const binary = await build("newest", "unusable", ["Count"]);
  const server = startProcess(binary, { env: { ...process.env, PORT: "0" } });
  expect(await server.exited).toBe(1);
  expect(server.logs.join("\n")).toMatch(/^fnpacks: the MCP tool Count \(unusable\/unusable\.go:10\) cannot be served: AddTool.*"Count".*input schema.*\nThe SDK infers the tool's schemas/m);
});

it("takes its version from -ldflags -X main.serverVersion, answers 404 off its endpoint, limits bodies, and refuses a bad FNPACKS_MCP_LOCALHOST_PROTECTION", async () => {
  const binary = await build("newest", "tools", ["Greet"], `-X ${SERVER_VERSION_VAR}=2.1.0`);
  const probe = await buildProbe("newest");
  try {
    const server = await serve(binary);
    expect((await probe.run(server.endpoint, [])).server).toEqual({ name: modulePath, version: "2.1.0" });
    const elsewhere = await fetch(`${server.url}/`, { method: "POST", body: "{}" });
    expect([elsewhere.status, await elsewhere.text()]).toEqual([404, `404 page not found: this MCP server's endpoint is ${MCP_PATH}\n`]);
    const tooLarge = await fetch(server.endpoint, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat((MCP_MAX_BODY_MIB << 20) + 1) });
    expect(tooLarge.status).toBe(413);
  } finally {
    await probe.remove();
  }
  const misconfigured = startProcess(binary, { env: { ...process.env, PORT: "0", FNPACKS_MCP_LOCALHOST_PROTECTION: "yes" } });
  expect(await misconfigured.exited).toBe(2);
  expect(misconfigured.logs).toEqual(['fnpacks: FNPACKS_MCP_LOCALHOST_PROTECTION="yes": use on or off']);
});

it("documents its body limit as the MCP tools' default in both READMEs", async () => {
  for (const readme of [join(__dirname, "..", "..", "go-codegen", "README.md"), join(__dirname, "..", "..", "..", "README.md")]) {
    const row = (await readFile(readme, "utf8")).split("\n").find((line) => line.startsWith("| `FNPACKS_MAX_BODY_BYTES`"));
    expect(row).toContain(`\`${MCP_MAX_BODY_MIB}MiB\` for MCP tools`);
  }
});
