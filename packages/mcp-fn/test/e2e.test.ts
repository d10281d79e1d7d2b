import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuiltApp, buildApp } from "@fnpacks/devkit";
import { buildProbe, type Probe, streamEvents } from "./probe";

// samples/go/mcp-tools (plus one tool that panics) built through the real lifecycle with the
// composite order — the group a real builder picks, MCP's with go-mod-vendor — started through
// the launcher, and talked to with the MCP Go SDK's own client.
jest.setTimeout(15 * 60_000);

const sample = join(__dirname, "..", "..", "..", "samples", "go", "mcp-tools");
let app: BuiltApp;
let probe: Probe;
let source = "";
beforeAll(async () => {
  source = await mkdtemp(join(tmpdir(), "mcp-tools-e2e-"));
  await cp(sample, source, { recursive: true });
  await cp(join(__dirname, "fixtures", "e2e", "crash.go"), join(source, "crash.go"));
  [app, probe] = await Promise.all([
    buildApp({ appDir: source, env: { BP_GO_BUILD_LDFLAGS: "-X main.serverVersion=1.2.3" } }),
    buildProbe("newest"),
  ]);
}, 15 * 60_000);
afterAll(async () => {
  await app?.remove();
  await probe?.remove();
  await rm(source, { recursive: true, force: true });
});

const described = (text: string) => ({ type: "string", description: text });

it("builds in the MCP group with go-mod-vendor, every tool in one server", () => {
  expect(app.group.map((b) => b.id)).toEqual([
    "fnpacks-devkit/go-dist-standin",
    "fnpacks/go-mcp-tools",
    "fnpacks-devkit/go-mod-vendor-standin",
    "paketo-buildpacks/go-build",
  ]);
  expect(app.buildOutput).toContain("Wrapping the MCP tools Crash, Forecast, Convert of example.com/weather");
  expect(app.buildOutput).toContain("Running 'go mod vendor'");
});

it("answers the SDK's client: initialize, tools/list as declared, tools/call with valid and invalid input, a panic as an error result, a Host other than localhost", async () => {
  const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s" } });
  try {
    await running.waitForHttp("/.fnpacks/ready");
    const endpoint = `${running.url}/mcp`;
    const report = await probe.run(
      endpoint,
      [
        { tool: "Forecast", arguments: { city: "Lisbon", days: 2 } },
        { tool: "Forecast", arguments: { days: 2 } },
        { tool: "Convert", arguments: { value: 100, from: "C" } },
        { tool: "Convert", arguments: { value: "hot", from: "C" } },
        { tool: "Convert", arguments: { value: 1, from: "K" } },
        { tool: "Crash", arguments: { value: 1, from: "C" } },
        { tool: "Convert", arguments: { value: 212, from: "F" } },
      ],
      // As a sidecar proxy forwards a request: to the loopback address, with the service's Host.
      { host: "weather.default.svc.cluster.local" },
    );
    expect(report.connectError).toBeUndefined();
    expect(report.server).toEqual({ name: "example.com/weather", version: "1.2.3" });
    expect(report.tools).toEqual([
      {
        name: "Convert",
        description: "Convert converts a temperature between Celsius and Fahrenheit.",
        inputSchema: {
          type: "object",
          additionalProperties: false,
          properties: { value: { type: "number", description: "the temperature to convert" }, from: described("its unit: C or F") },
          required: ["value", "from"],
        },
      },
      {
        name: "Crash",
        description: "Crash is a tool with a bug: it panics. (The e2e test adds this file to a copy of the sample.)",
        inputSchema: expect.objectContaining({ type: "object", required: ["value", "from"] }),
      },
      {
        name: "Forecast",
        description: "Forecast returns a made-up forecast for a city: the same city always gets the same weather.",
        inputSchema: {
          type: "object",
          additionalProperties: false,
          properties: {
            city: described("the city to forecast, e.g. Lisbon"),
            days: { type: "integer", description: "how many days ahead, 1 to 7 (3 when left out)" },
          },
          required: ["city"],
        },
      },
    ]);
    const [forecast, noCity, convert, hot, kelvin, crash, after] = report.calls ?? [];
    expect(forecast).toMatchObject({ structured: { city: "Lisbon", days: [{ day: 1 }, { day: 2 }] } });
    // The SDK's validation error (v1.8.0: an error result).
    expect(noCity).toEqual({ tool: "Forecast", isError: true, text: ['validating "arguments": validating root: required: missing properties: ["city"]'] });
    expect(convert).toEqual({ tool: "Convert", text: ['{"unit":"F","value":212}'], structured: { unit: "F", value: 212 } });
    expect(hot).toMatchObject({ tool: "Convert", isError: true, text: [expect.stringMatching(/^validating "arguments": .*value.*want "number"/)] });
    expect(kelvin).toEqual({ tool: "Convert", isError: true, text: ['unknown unit "K": use C or F'] });
    expect(crash).toEqual({ tool: "Crash", isError: true, text: ["the tool Crash failed: it panicked (the server logged why)"] });
    expect(after).toMatchObject({ structured: { unit: "C", value: 100 } });
    expect(running.logs.find((line) => line.includes('"msg":"tool panicked"'))).toMatch(/"tool":"Crash","panic":"assignment to entry in nil map","stack":".*weather\.Crash\(/);
  } finally {
    expect(await running.stop()).toBe(0);
  }
});

it("SIGTERM during an open stream: readiness fails at once, the stream ends as shutdown starts (not at the timeout), exit 0", async () => {
  const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "3s", FNPACKS_SHUTDOWN_TIMEOUT: "5m" } });
  await running.waitForHttp("/.fnpacks/ready");
  const watcher = probe.watch(`${running.url}/mcp`, [{ tool: "Convert", arguments: { value: 0, from: "C" } }]);
  try {
    await watcher.waitForLog('{"event":"stream","status":200}', 60_000);
    running.signal("SIGTERM");
    await watcher.waitForLog('{"event":"stream-ended"}', 60_000);
    // The server is still draining: the stream ended as shutdown started, not when it finished.
    expect((await fetch(`${running.url}/.fnpacks/ready`)).status).toBe(503);
    await watcher.waitForLog('{"event":"stream","status":405}', 60_000);
    expect(await running.wait()).toBe(0);
    expect(streamEvents(watcher).map((e) => e.event)).toEqual(["connected", "stream", "stream-ended", "call", "stream"]);
    expect(streamEvents(watcher).find((e) => e.event === "call")).toMatchObject({ outcome: { structured: { unit: "F", value: 32 } } });
    const logs = running.logs.join("\n");
    expect(logs).toContain('"msg":"shutting down: readiness fails at once"');
    expect(logs).not.toContain("shutdown timeout reached");
  } finally {
    await watcher.kill();
  }
});
