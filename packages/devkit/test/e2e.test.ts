import { existsSync } from "node:fs";
import { join } from "node:path";
import { type BuiltApp, buildApp, DEFAULT_CACHE_DIR, DevkitError, GO_BUILD, GO_DIST_STANDIN } from "../src";

// The real lifecycle (detector, builder, launcher) and the real Paketo go-build. The first run
// on a machine builds them from the Go module proxy into .cache/devkit (a few minutes).
jest.setTimeout(15 * 60_000);

const plainApp = join(__dirname, "fixtures", "plain-app");
const built: BuiltApp[] = [];
afterAll(() => Promise.all(built.map((app) => app.remove())));

it("builds a plain Go app with [go-dist stand-in, go-build] and serves it through the launcher", async () => {
  const lines: string[] = [];
  const app = await buildApp({ appDir: plainApp, groups: [[GO_DIST_STANDIN, GO_BUILD]], log: (line) => lines.push(line) });
  built.push(app);
  expect(app.group.map((b) => b.id)).toEqual(["fnpacks-devkit/go-dist-standin", "paketo-buildpacks/go-build"]);
  expect(app.plan).toMatchObject({ entries: [{ providers: [{ id: "fnpacks-devkit/go-dist-standin" }], requires: [{ name: "go" }] }] });
  expect(app.buildOutput).toContain("Using the host's go");
  expect(app.buildOutput).toMatch(/Running 'go build .*'/);
  expect(lines.join("\n")).toContain(app.buildOutput.trim().split("\n")[0]);

  const running = await app.start();
  const response = await running.waitForHttp("/?name=devkit");
  expect(await response.text()).toBe("plain app says hello to devkit");
  // The app shuts down on SIGTERM, as a platform stops it; the launcher passes the signal on.
  running.signal("SIGTERM");
  expect(await running.wait()).toBe(0);
});

it("keeps go-build's GOCACHE layer between builds, as a platform's cache volume does", async () => {
  // The test above saved it (into the shared cache); this build gets it back before go-build runs.
  const app = await buildApp({ appDir: plainApp, buildpacks: [GO_DIST_STANDIN, GO_BUILD] });
  built.push(app);
  expect(app.logs).toContain(`devkit: restored cached layers paketo-buildpacks/go-build/gocache from ${join(DEFAULT_CACHE_DIR, "layers")}`);
  expect(app.logs.join("\n")).toContain(app.buildOutput.trim().split("\n")[0]);
  const running = await app.start();
  expect(await (await running.waitForHttp("/?name=again")).text()).toBe("plain app says hello to again");
  await running.stop();
});

it("builds all the same when the layer cache cannot be used", async () => {
  const layerCache = join(__filename, "not-a-dir"); // under a file: neither readable nor writable as a dir
  const app = await buildApp({ appDir: plainApp, buildpacks: [GO_DIST_STANDIN, GO_BUILD], layerCache });
  built.push(app);
  expect(app.logs.find((line) => line.startsWith(`devkit: layer cache ${layerCache} skipped:`))).toMatch(/ENOTDIR/);
  expect(app.group.map((b) => b.id)).toEqual(["fnpacks-devkit/go-dist-standin", "paketo-buildpacks/go-build"]);
});

it("remove() stops what start() started before deleting the build", async () => {
  const app = await buildApp({ appDir: plainApp, buildpacks: [GO_DIST_STANDIN, GO_BUILD] });
  const running = await app.start();
  await running.waitForHttp("/");
  await app.remove();
  expect(await running.wait()).toBe("SIGKILL");
  expect(existsSync(app.workDir)).toBe(false);
});

it("reports a detection that no group passes, with the lifecycle's output and what its exit code means", async () => {
  const never = join(__dirname, "fixtures", "never-detects");
  const error = await buildApp({ appDir: plainApp, groups: [[GO_DIST_STANDIN, never, GO_BUILD]] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DevkitError);
  const message = (error as DevkitError).format();
  expect(message).toContain("the lifecycle detector failed with exit code 20: no buildpack group passed detection");
  expect(message).toContain("never-detects: this buildpack never applies");
  expect(message).toContain("fix: no group of buildpacks accepted the app");
});
