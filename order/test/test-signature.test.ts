import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goArch } from "@fnpacks/cnb";
import { compileBuildpack } from "@fnpacks/cnb/compile";
import { buildApp, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN } from "@fnpacks/devkit";

// The extension points are real: a signature defined only in a test fixture (its specs, a
// selection hook that serves every match, a runtime Start hook) compiles, detects, builds and
// serves through the real lifecycle with no change to the shared libraries.
jest.setTimeout(15 * 60_000);

const fixtures = join(__dirname, "fixtures");
let out = "";
let buildpack = "";
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "greeter-signature-"));
  await chmod(out, 0o755); // the lifecycle runs as another user and reads it
  const arch = goArch(process.arch) as "amd64" | "arm64";
  buildpack = (await compileBuildpack({ packageDir: join(fixtures, "greeter-signature"), entry: "src/main.ts", outDir: out, arches: [arch] })).hostBuildpack;
}, 120_000);
afterAll(() => rm(out, { recursive: true, force: true }));

it("a signature from a test fixture builds and serves every greeter of a package", async () => {
  // The group shape a real Paketo builder runs for an app with go.mod: with go-mod-vendor
  // (devkit's stand-in), which passes detect whenever go.mod exists.
  const group = [GO_DIST_STANDIN, buildpack, GO_MOD_VENDOR_STANDIN, GO_BUILD];
  const app = await buildApp({ appDir: join(fixtures, "greeters"), groups: [group] });
  try {
    expect(app.group.map((b) => b.id)).toEqual([
      "fnpacks-devkit/go-dist-standin",
      "fnpacks-tests/go-greeter-function",
      "fnpacks-devkit/go-mod-vendor-standin",
      "paketo-buildpacks/go-build",
    ]);
    expect(app.buildOutput).toContain("Wrapping the greeters Hello, Bye of example.com/greeters");
    const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s" } });
    try {
      // Readiness is 503 until the Start hook returns.
      for (let tries = 0; (await running.waitForHttp("/.fnpacks/ready")).status !== 200; tries++) {
        if (tries > 100) throw new Error("never ready");
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await (await fetch(`${running.url}/Hello?name=Ada`)).text()).toBe("Hello, Ada!\n");
      expect(await (await fetch(`${running.url}/Bye`)).text()).toBe("Goodbye, world.\n");
      expect(running.logs).toContain("greeters started: 2");
    } finally {
      expect(await running.stop()).toBe(0);
    }
  } finally {
    await app.remove();
  }
});
