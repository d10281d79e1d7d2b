import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { buildApp, type RunningApp } from "@fnpacks/devkit";

// Every sample, built through the real lifecycle with the composite order (devkit substitutes
// its stand-ins for go-dist and go-mod-vendor and leaves out the optional Paketo members that
// need the network: see its printed notes and packages/devkit/README.md), started through the
// launcher, and asked what its README says it answers. Each runs in the group a real builder
// picks: its signature's group WITH go-mod-vendor (which passes whenever go.mod exists).
jest.setTimeout(15 * 60_000);

const samples = join(__dirname, "..", "..", "samples", "go");
const event = (id: string): RequestInit => ({
  method: "POST",
  headers: { "ce-specversion": "1.0", "ce-id": id, "ce-source": "samples/test", "ce-type": "example.sample", "content-type": "text/plain" },
  body: "hello event",
});

const HTTP = "fnpacks/go-http-function";
const CLOUDEVENTS = "fnpacks/go-cloudevents-function";
const MCP = "fnpacks/go-mcp-tools";
/** The SDK the go-mod-vendor stand-in vendors for a sample of each signature with dependencies. */
const VENDORED_SDK: Record<string, RegExp> = {
  [CLOUDEVENTS]: /^# github\.com\/cloudevents\/sdk-go\/v2 v2\.16\.2$/m,
  // The HTTP runtime needs only the standard library: an HTTP sample vendors what it imports itself (gcf-http: the Functions Framework).
  [HTTP]: /^# github\.com\/GoogleCloudPlatform\/functions-framework-go v1\.9\.2$/m,
  [MCP]: /^# github\.com\/modelcontextprotocol\/go-sdk v1\.8\.0$/m,
};
/** An MCP client's first request: initialize, over streamable HTTP (the answer comes as a server-sent event). */
const initialize: RequestInit = {
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
  body: JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "samples.test", version: "1" } },
  }),
};
/** What the go-mod-vendor stand-in does for a sample, as its build output says it. */
const VENDORING = {
  /** vendor/ in the sample: used as it is. */
  "uses vendor/": /\n {2}Skipping build process: modules are already vendored\n/,
  /** Dependencies in go.mod and no vendor/: go mod vendor downloads (or takes from the cached layer) and vendors them. */
  "vendors modules": /\n {2}Executing build process\n {4}Running 'go mod vendor'\n(?: {6}go: downloading \S+ \S+\n)* {6}Completed in /,
  /** No dependencies (the HTTP runtime needs only the standard library). */
  "has nothing to vendor": /\n {2}Executing build process\n {4}Running 'go mod vendor'\n {6}go: no dependencies to vendor\n {6}Completed in /,
};

const cases: Array<[string, string, keyof typeof VENDORING, string, RequestInit, (response: Response, running: RunningApp) => Promise<void>]> = [
  ["http-hello", HTTP, "has nothing to vendor", "/?name=Gopher", {}, async (r) => expect(await r.text()).toBe("Hello, Gopher!\n")],
  ["http-router", HTTP, "has nothing to vendor", "/hello/gopher", {}, async (r) => expect(await r.json()).toEqual({ greeting: "Hello, gopher!" })],
  ["http-knative", HTTP, "has nothing to vendor", "/", { method: "POST", body: "hi" }, async (r) => expect(await r.text()).toBe("received 2 bytes: hi\n")],
  ["http-vendored", HTTP, "uses vendor/", "/?name=Ada", {}, async (r) => expect(await r.text()).toBe("Greetings, Ada!\n")],
  [
    "cloudevents-echo",
    CLOUDEVENTS,
    "vendors modules",
    "/",
    event("sample-1"),
    async (r) => {
      expect(r.headers.get("ce-id")).toBe("echo-sample-1");
      expect(r.headers.get("ce-type")).toBe("example.sample.echo");
      expect(await r.text()).toBe("hello event");
    },
  ],
  ["cloudevents-sink", CLOUDEVENTS, "vendors modules", "/", event("sample-2"), async (r) => expect(r.status).toBe(200)],
  // Google Cloud Functions' form: an unexported func registered in init() with the Functions Framework.
  ["gcf-http", HTTP, "vendors modules", "/?name=Gopher", {}, async (r) => expect(await r.text()).toBe("Hello, Gopher!\n")],
  [
    "gcf-cloudevent",
    CLOUDEVENTS,
    "vendors modules",
    "/",
    {
      method: "POST",
      headers: {
        "ce-specversion": "1.0",
        "ce-id": "pubsub-1",
        "ce-source": "//pubsub.googleapis.com/projects/demo/topics/hello",
        "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
        "content-type": "application/json",
      },
      body: JSON.stringify({ message: { data: Buffer.from("Gopher").toString("base64") } }),
    },
    async (_r, running) => {
      await running.waitForLog("Hello, Gopher!");
    },
  ],
  [
    "http-instanced",
    HTTP,
    "has nothing to vendor",
    "/?name=Gopher",
    {},
    async (r, running) => {
      // Start read GREETING from the environment the process was started with (RUNTIME_ENV).
      expect(await r.text()).toBe("Howdy, Gopher! (greeting #1 for Gopher)\n");
      // One instance serves every request; its Ready and Alive answer at Knative's probe paths.
      expect(await (await fetch(`${running.url}/?name=Gopher`)).text()).toBe("Howdy, Gopher! (greeting #2 for Gopher)\n");
      expect((await fetch(`${running.url}/health/readiness`)).status).toBe(200);
      expect((await fetch(`${running.url}/health/liveness`)).status).toBe(200);
      // Stop runs once, after the last request.
      expect(await running.stop()).toBe(0);
      expect(running.logs.filter((line) => line.includes("greeter stopped"))).toEqual(["greeter stopped after 2 requests"]);
    },
  ],
  [
    "cloudevents-instanced",
    CLOUDEVENTS,
    "vendors modules",
    "/",
    event("instanced-1"),
    async (r, running) => {
      // The reply comes from the source Start read from the environment (RUNTIME_ENV)…
      expect(r.headers.get("ce-source")).toBe("samples/tally");
      expect(r.headers.get("ce-id")).toBe("tally-instanced-1");
      expect(r.headers.get("ce-type")).toBe("example.tally");
      expect(await r.json()).toEqual({ type: "example.sample", count: 1 });
      // …and one instance receives every event, so the count grows; Stop logs it once at shutdown.
      expect(await (await fetch(running.url, event("instanced-2"))).json()).toEqual({ type: "example.sample", count: 2 });
      expect(await running.stop()).toBe(0);
      expect(running.logs.filter((line) => line.includes("tally stopped"))).toEqual(["tally stopped: example.sample=2"]);
    },
  ],
  [
    "mcp-tools",
    MCP,
    "vendors modules",
    "/mcp",
    initialize,
    async (r) => {
      const [, data] = /^data: (.*)$/m.exec(await r.text()) ?? [];
      expect(JSON.parse(data ?? "null")).toMatchObject({
        id: 1,
        result: { protocolVersion: "2025-06-18", serverInfo: { name: "example.com/weather", version: "(devel)" }, capabilities: { tools: {} } },
      });
    },
  ],
];

/** The configuration an instanced sample's Start reads: the process environment, beyond PORT. */
const RUNTIME_ENV: Partial<Record<string, Record<string, string>>> = {
  "http-instanced": { GREETING: "Howdy" },
  "cloudevents-instanced": { TALLY_SOURCE: "samples/tally" },
};

/** Waits for readiness 200: an instanced sample answers 503 until its Start has returned. */
async function untilReady(running: RunningApp): Promise<void> {
  for (let tries = 0; (await running.waitForHttp("/.fnpacks/ready")).status !== 200; tries++) {
    if (tries > 200) throw new Error(`never ready:\n${running.logs.join("\n")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it.each(cases)("samples/go/%s builds in the %s group with go-mod-vendor, which %s, and answers %s", async (sample, signature, vendoring, path, request, check) => {
  // go-build deletes the sources it built from: keep the vendor list to see what was built from.
  const app = await buildApp({ appDir: join(samples, sample), env: { BP_KEEP_FILES: "vendor/modules.txt" } });
  try {
    // group.toml, as the detector wrote it: the group with the go-mod-vendor stand-in ran.
    expect(app.group.map((b) => b.id)).toEqual(["fnpacks-devkit/go-dist-standin", signature, "fnpacks-devkit/go-mod-vendor-standin", "paketo-buildpacks/go-build"]);
    const standinOutput = app.buildOutput.slice(app.buildOutput.indexOf("devkit stand-in for Paketo Go Mod Vendor\n"));
    expect(standinOutput).toMatch(new RegExp(`^devkit stand-in for Paketo Go Mod Vendor${VENDORING[vendoring].source}`));
    const modules = join(app.appDir, "vendor", "modules.txt");
    if (vendoring === "has nothing to vendor") expect(existsSync(modules)).toBe(false);
    else if (vendoring === "uses vendor/") expect(await readFile(modules, "utf8")).toBe(await readFile(join(samples, sample, "vendor", "modules.txt"), "utf8"));
    else expect(await readFile(modules, "utf8")).toMatch(VENDORED_SDK[signature] ?? /(?!)/);
    const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s", ...RUNTIME_ENV[sample] } });
    try {
      await untilReady(running);
      const response = await fetch(running.url + path, request);
      expect(response.status).toBe(200);
      await check(response, running);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  } finally {
    await app.remove();
  }
});
