import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type BuiltApp, buildApp, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN } from "@fnpacks/devkit";

// Through the real lifecycle (devkit) with real sdk-go from the Go module proxy.
jest.setTimeout(15 * 60_000);

const execFileAsync = promisify(execFile);
const samples = join(__dirname, "..", "..", "..", "samples", "go");
// The group a real Paketo builder runs for a function with go.mod: go-mod-vendor passes detect
// whenever go.mod exists, so the group with it (devkit's stand-in here) is the one picked.
const order = [[GO_DIST_STANDIN, join(__dirname, "..", "dist", "buildpack"), GO_MOD_VENDOR_STANDIN, GO_BUILD]];
const cleanup: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(cleanup.map((f) => f())));

async function build(appDir: string, env: Record<string, string> = {}): Promise<BuiltApp> {
  const app = await buildApp({ appDir, groups: order, env });
  cleanup.push(() => app.remove());
  expect(app.group.map((b) => b.id)).toEqual([
    "fnpacks-devkit/go-dist-standin",
    "fnpacks/go-cloudevents-function",
    "fnpacks-devkit/go-mod-vendor-standin",
    "paketo-buildpacks/go-build",
  ]);
  return app;
}

it("builds samples/go/cloudevents-echo and replies to a CloudEvent with an event", async () => {
  const app = await build(join(samples, "cloudevents-echo"));
  expect(app.buildOutput).toContain("Wrapping the CloudEvents function Echo of example.com/echo");
  // go mod vendor ran after the signature buildpack, so go-build saw the adapter's imports vendored.
  expect(app.buildOutput).toContain("Running 'go mod vendor'");
  const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s" } });
  await running.waitForHttp("/.fnpacks/ready");
  const reply = await fetch(running.url, {
    method: "POST",
    headers: { "ce-specversion": "1.0", "ce-id": "e2e-1", "ce-source": "tests/e2e", "ce-type": "example.ping", "content-type": "text/plain" },
    body: "ping",
  });
  expect(reply.status).toBe(200);
  expect(reply.headers.get("ce-id")).toBe("echo-e2e-1");
  expect(reply.headers.get("ce-type")).toBe("example.ping.echo");
  expect(await reply.text()).toBe("ping");
  expect(await running.stop()).toBe(0);
});

it("builds a vendored app (cloudevents-sink after go mod vendor) offline and receives events", async () => {
  const appDir = await mkdtemp(join(tmpdir(), "cloudevents-vendored-"));
  cleanup.push(() => rm(appDir, { recursive: true, force: true }));
  await cp(join(samples, "cloudevents-sink"), appDir, { recursive: true });
  await execFileAsync("go", ["mod", "vendor"], { cwd: appDir });
  // Offline: the Go module proxy is off for the build, so vendor/ is all it has.
  const app = await build(appDir, { GOPROXY: "off", GOFLAGS: "-mod=vendor" });
  expect(app.buildOutput).toContain("Skipping build process: modules are already vendored");
  const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s" } });
  await running.waitForHttp("/.fnpacks/ready");
  const event = { specversion: "1.0", id: "e2e-2", source: "tests/e2e", type: "example.sink", datacontenttype: "application/json", data: { ok: true } };
  const response = await fetch(running.url, { method: "POST", headers: { "content-type": "application/cloudevents+json" }, body: JSON.stringify(event) });
  expect(response.status).toBe(200);
  await running.stop();
  expect(running.logs.join("\n")).toMatch(/INFO received event id=e2e-2 source=tests\/e2e type=example.sink data="\{\\"ok\\":true\}"/);
});
