import { join } from "node:path";
import { type BuiltApp, buildApp, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN } from "@fnpacks/devkit";

// Through the real lifecycle (devkit): detector, builder with the real Paketo go-build, launcher.
jest.setTimeout(15 * 60_000);

const httpFunction = join(__dirname, "..", "dist", "buildpack");
// The groups a real Paketo builder runs for an app with go.mod: go-mod-vendor passes detect
// whenever go.mod exists, so the groups with it (devkit's stand-in here) are the ones picked.
const order = [
  [GO_DIST_STANDIN, httpFunction, GO_MOD_VENDOR_STANDIN, GO_BUILD],
  [GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, GO_BUILD],
];
const built: BuiltApp[] = [];
afterAll(() => Promise.all(built.map((app) => app.remove())));

it("builds samples/go/http-hello with [go-dist stand-in, go-http-function, go-mod-vendor stand-in, go-build] and the process answers", async () => {
  const app = await buildApp({ appDir: join(__dirname, "..", "..", "..", "samples", "go", "http-hello"), groups: order });
  built.push(app);
  expect(app.group.map((b) => b.id)).toEqual([
    "fnpacks-devkit/go-dist-standin",
    "fnpacks/go-http-function",
    "fnpacks-devkit/go-mod-vendor-standin",
    "paketo-buildpacks/go-build",
  ]);
  expect(app.buildOutput).toContain("Running 'go mod vendor'");
  expect(app.buildOutput).toContain("Wrapping the HTTP function Handler of example.com/hello");
  expect(app.buildOutput).toContain("./fnpacks-generated/server");

  const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s" } });
  expect(await (await running.waitForHttp("/?name=lifecycle")).text()).toBe("Hello, lifecycle!\n");
  expect((await fetch(`${running.url}/.fnpacks/ready`)).status).toBe(200);
  expect(running.logs.join("\n")).toContain('"msg":"serving function","function":"Handler","package":"example.com/hello"');
  expect(await running.stop()).toBe(0);
});

it("leaves a plain package main app to the plain Go group (go-mod-vendor stand-in, go-build)", async () => {
  const app = await buildApp({ appDir: join(__dirname, "fixtures", "main-app"), groups: order });
  built.push(app);
  expect(app.group.map((b) => b.id)).toEqual(["fnpacks-devkit/go-dist-standin", "fnpacks-devkit/go-mod-vendor-standin", "paketo-buildpacks/go-build"]);
  const running = await app.start();
  expect(await (await running.waitForHttp("/")).text()).toBe("a plain Go app");
  await running.stop();
});
