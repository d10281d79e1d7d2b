import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess, useWorkspaces, type Workspace } from "@fnpacks/cnb/testing";
import { go, gofmtUnformatted, type RunningServer, startServer } from "@fnpacks/go-codegen/testing";
import { functionBuildpack } from "@fnpacks/go-function";
import { cloudEventsFunction } from "../src";

// Google's Functions Framework, as its CloudEvent samples are written: an unexported
// func(ctx, event.Event) error registered with functions.CloudEvent, in a package importing only
// sdk-go's event package, with other exported receivers beside it. Detect plans the registered
// name; build generates a server that links to the func; the real go builds it (also vendored,
// as after go-mod-vendor) and it takes real events.
jest.setTimeout(300_000);
const buildpack = functionBuildpack(cloudEventsFunction);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);

const HELLO_PUBSUB = {
  name: "HelloPubSub",
  shape: "func(ctx, E) R",
  position: "hello_pubsub.go:29",
  signature: "func helloPubSub(context.Context, event.Event) error",
  registered: { func: "helloPubSub", call: "functions.CloudEvent", at: "hello_pubsub.go:15" },
};

const candidatesOf = async (ws: Workspace) => ((await ws.detectPlan()).requires as Array<{ metadata: { candidates: unknown[] } }>)[0]?.metadata.candidates;

/** A Pub/Sub push as Eventarc delivers it, in binary mode: the message's data is base64 in JSON. */
const pubSubEvent = (id: string, name: string): RequestInit => ({
  method: "POST",
  headers: {
    "ce-specversion": "1.0",
    "ce-id": id,
    "ce-source": "//pubsub.googleapis.com/projects/p/topics/t",
    "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
    "content-type": "application/json",
  },
  body: JSON.stringify({ message: { data: Buffer.from(name).toString("base64") } }),
});

describe("detect", () => {
  it("plans the registered receiver under its registered name, not the exported receivers beside it", async () => {
    const ws = await workspace("gcf-cloudevent");
    expect(await runInProcess(buildpack, "detect", ws)).toMatchObject({ code: 0, stderr: "" });
    expect(await candidatesOf(ws)).toEqual([HELLO_PUBSUB]);
  });

  it("BP_FUNCTION_NAME takes the registered name", async () => {
    const ws = await workspace("gcf-cloudevent");
    expect((await runInProcess(buildpack, "detect", ws, { BP_FUNCTION_NAME: "HelloPubSub" })).code).toBe(0);
    expect(await candidatesOf(ws)).toEqual([HELLO_PUBSUB]);
  });

  it("steps aside for a package that registers an HTTP function (http-fn's fixture, whose go.mod requires sdk-go indirectly), saying so", async () => {
    const ws = await workspace(join(__dirname, "..", "..", "http-fn", "test", "fixtures", "gcf-http"));
    const result = await runInProcess(buildpack, "detect", ws);
    expect(result.code).toBe(100);
    expect(result.stdout).toContain(
      "no CloudEvents function in example.com/gcf/helloworld: it registers functions in init(), and this one cannot be served: " +
        'functions.HTTP("HelloHTTP", helloHTTP) at hello_http.go:18: it registers an HTTP function; this buildpack serves CloudEvents functions',
    );
  });

  it("refuses a registered closure, saying why, and does not fall back to the exported receiver", async () => {
    const ws = await workspace("gcf-refused-closure");
    const result = await runInProcess(buildpack, "detect", ws);
    expect(result.code).toBe(100);
    expect(result.stdout).toMatch(
      /no CloudEvents function in example\.com\/gcf\/closure: it registers functions in init\(\), and this one cannot be served: functions\.CloudEvent\("HelloInline", func\(ctx context\.Context, e event\.Event\) error \{ .* \}\) at function\.go:14: it registers a func literal, which has no name the generated server can call/,
    );
  });
});

describe("build", () => {
  let ws: Workspace;
  let build: { code: number; stdout: string; stderr: string };
  let server: RunningServer | undefined;
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), "gcf-cloudevent-"));
    ws = await workspace("gcf-cloudevent");
    expect((await runInProcess(buildpack, "detect", ws)).code).toBe(0);
    await ws.planBuildFromDetect();
    build = await runInProcess(buildpack, "build", ws, { ...process.env });
  });
  afterAll(async () => {
    await server?.kill();
    await rm(scratch, { recursive: true, force: true });
  });

  it("checks the module graph (the event-only package's go.sum covers the adapter) and links to the unexported receiver", async () => {
    expect(build).toMatchObject({ code: 0, stderr: "" });
    expect(build.stdout).toContain("Wrapping the CloudEvents function HelloPubSub of example.com/gcf/pubsub");
    expect(build.stdout).toContain("registered by functions.CloudEvent at hello_pubsub.go:15; unexported, so the server reaches helloPubSub through //go:linkname");
    const main = await readFile(join(ws.appDir, "fnpacks-generated", "server", "main.go"), "utf8");
    expect(main).toContain("//go:linkname linked_helloPubSub example.com/gcf/pubsub.helloPubSub\nfunc linked_helloPubSub(context.Context, ceevent.Event) error\n");
    expect(main).toContain("return nil, failed(ctx, e, linked_helloPubSub(ctx, e))");
  });

  it("is gofmt- and vet-clean within go 1.25, builds, takes a Pub/Sub CloudEvent and runs the registered function", async () => {
    expect(await gofmtUnformatted(ws.appDir, "fnpacks-generated")).toBe("");
    await go(ws.appDir, ["vet", "./fnpacks-generated/..."]);
    const binary = join(scratch, "server");
    await go(ws.appDir, ["build", "-o", binary, "./fnpacks-generated/server"]);
    server = await startServer(binary);
    expect(server.logs.join("\n")).toContain("HelloPubSub");
    const answer = await fetch(server.url, pubSubEvent("p-1", "Gopher"));
    expect(answer.status).toBe(200);
    await server.waitForLog("Hello, Gopher!");
    const structured = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/cloudevents+json" },
      body: JSON.stringify({
        specversion: "1.0",
        id: "p-2",
        source: "tests",
        type: "google.cloud.pubsub.topic.v1.messagePublished",
        datacontenttype: "application/json",
        data: { message: { data: Buffer.from("Ada").toString("base64") } },
      }),
    });
    expect(structured.status).toBe(200);
    await server.waitForLog("Hello, Ada!");
  });

  it("still builds after `go mod vendor`, with -mod=vendor, as go-build does after go-mod-vendor", async () => {
    const vendored = join(scratch, "vendored");
    await cp(ws.appDir, vendored, { recursive: true });
    await go(vendored, ["mod", "vendor"]);
    expect(await readFile(join(vendored, "vendor", "modules.txt"), "utf8")).toMatch(/^github\.com\/cloudevents\/sdk-go\/v2\/client$/m);
    await go(vendored, ["build", "-mod=vendor", "-o", join(scratch, "vendored-server"), "./fnpacks-generated/server"], { GOFLAGS: "-mod=vendor", GOPROXY: "off" });
  });
});
