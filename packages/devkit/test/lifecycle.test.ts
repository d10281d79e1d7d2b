import { chmod, cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { goArch, isUserError } from "@fnpacks/cnb";
import { compileBuildpack } from "@fnpacks/cnb/compile";
import { type BuiltApp, buildApp, DevkitError } from "../src";
import { hostGoVersion } from "../src/tools";

// The real lifecycle (detector, builder, launcher) on buildpacks other than Go's: one written
// with @fnpacks/cnb and compiled by bun, and one whose build fails.
jest.setTimeout(15 * 60_000);

const fixtures = join(__dirname, "fixtures");
const built: BuiltApp[] = [];
afterAll(() => Promise.all(built.map((app) => app.remove())));

describe("a buildpack written with @fnpacks/cnb", () => {
  let out = "";
  let buildpack = "";
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "devkit-cnb-bp-"));
    await chmod(out, 0o755); // the lifecycle runs as another user and reads it
    const arch = goArch(process.arch) as "amd64" | "arm64";
    const result = await compileBuildpack({ packageDir: join(fixtures, "cnb-buildpack"), entry: "src/main.ts", outDir: out, arches: [arch] });
    buildpack = result.hostBuildpack;
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("gets its layer on PATH, its launch env and its default process into the launched process", async () => {
    const goproxy = process.env.GOPROXY;
    process.env.GOPROXY = "https://proxy.example.test"; // a host setting devkit passes through
    const app = await buildApp({ appDir: join(fixtures, "greeting-app"), groups: [[buildpack]], env: { BP_DEVKIT_TEST: "from -e" } }).finally(() => {
      if (goproxy === undefined) delete process.env.GOPROXY;
      else process.env.GOPROXY = goproxy;
    });
    built.push(app);
    expect(app.buildOutput).toContain("platform env: BP_DEVKIT_TEST=from -e GOPROXY=https://proxy.example.test");
    expect(app.group).toEqual([{ id: "devkit-tests/greeting", version: "0.1.0" }]);
    expect(app.plan).toMatchObject({ entries: [{ providers: [{ id: "devkit-tests/greeting" }], requires: [{ name: "greeting" }] }] });
    expect(app.buildOutput).toContain('Greeting with "hello from the greeting app"');

    const running = await app.start({ port: 4321 });
    expect(await running.exited).toBe(0);
    expect(running.logs).toContain(`greeting=hello from the greeting app port=4321 args=from-launch-toml app=${app.appDir}`);
  });

  it("launches the process type named by argv[0], with its exit code", async () => {
    const app = built[0] as BuiltApp;
    const running = await app.start({ processType: "fail" });
    expect(await running.exited).toBe(3);
  });
});

it("surfaces a failing build with the buildpack's output and what the builder's exit code means", async () => {
  const error = await buildApp({ appDir: join(fixtures, "plain-app"), groups: [[join(fixtures, "fails-build")]] }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DevkitError);
  const message = (error as DevkitError).format();
  expect(message).toContain("the lifecycle builder failed with exit code 51: a buildpack's bin/build failed");
  expect(message).toContain("fails-build: this build always fails (on purpose)");
});

it("reaches a buildpack under a dir the build user cannot enter, by copying it into the build", async () => {
  const hidden = await mkdtemp(join(tmpdir(), "devkit-hidden-bp-")); // 0700, root's when devkit is root
  try {
    await cp(join(fixtures, "fails-build"), join(hidden, "fails-build"), { recursive: true });
    const result = await buildApp({ appDir: join(fixtures, "plain-app"), buildpacks: [join(hidden, "fails-build")] }).catch((e: unknown) => e);
    // Its detect passed and its build ran (and failed, as it always does): the lifecycle read it.
    expect((result as DevkitError).format()).toContain("fails-build: this build always fails (on purpose)");
  } finally {
    await rm(hidden, { recursive: true, force: true });
  }
});

it("says so when the order given is not a composite", async () => {
  const order = join(fixtures, "fails-build", "buildpack.toml");
  await expect(buildApp({ appDir: join(fixtures, "plain-app"), order })).rejects.toThrow(`${order} has no [[order]]: it is not a composite buildpack`);
});

it("says clearly when Go is missing", async () => {
  const path = process.env.PATH;
  process.env.PATH = join(fixtures, "no-such-dir");
  try {
    const error = await hostGoVersion().catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect((error as DevkitError).format()).toMatch(/Go is not installed or not on PATH[\s\S]*install Go/);
  } finally {
    process.env.PATH = path;
  }
});
