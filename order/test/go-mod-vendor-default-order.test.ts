import { existsSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BuiltApp, buildApp, DEFAULT_CACHE_DIR, lock } from "@fnpacks/devkit";

// devkit's go-mod-vendor stand-in in devkit's default order (the composite's, which needs every
// repository buildpack built: so here, not in devkit's own tests), through the real lifecycle.
jest.setTimeout(15 * 60_000);

const uuidApp = join(__dirname, "..", "..", "packages", "devkit", "test", "fixtures", "uuid-app");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "order-vendor-standin-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("in devkit's default order, through the real lifecycle", () => {
  const built: BuiltApp[] = [];
  afterAll(() => Promise.all(built.map((app) => app.remove())));

  it("runs in the group detection picks for a Go module, vendors it, and its cache makes the next build offline", async () => {
    // A layer cache of this test's own (the shared one changes with every other build on the
    // machine), with go-build's GOCACHE from the shared one if there is one: only speed.
    const layerCache = join(dir, "layer-cache");
    await seedGoCache(join(DEFAULT_CACHE_DIR, "layers"), layerCache);
    const first = await buildApp({ appDir: uuidApp, layerCache });
    built.push(first);
    expect(first.group.map((b) => b.id)).toEqual(["fnpacks-devkit/go-dist-standin", "fnpacks-devkit/go-mod-vendor-standin", "paketo-buildpacks/go-build"]);
    expect(first.notes).toContain("paketo-buildpacks/go-mod-vendor 1.1.21 → fnpacks-devkit/go-mod-vendor-standin 0.0.1");
    expect(first.buildOutput).toContain("    Running 'go mod vendor'\n      go: downloading github.com/google/uuid v1.6.0\n");
    await expectServes(first);

    const second = await buildApp({ appDir: uuidApp, layerCache, env: { GOPROXY: "off" } });
    built.push(second);
    expect(second.logs).toContain(
      `devkit: restored cached layers fnpacks-devkit/go-mod-vendor-standin/mod-cache, paketo-buildpacks/go-build/gocache from ${layerCache}`,
    );
    expect(second.buildOutput).toContain("    Running 'go mod vendor'\n      Completed in");
    expect(second.buildOutput).not.toContain("go: downloading");
    await expectServes(second);
  });
});

/** Copies go-build's cached layers from the shared layer cache, under its lock (as devkit reads it). */
async function seedGoCache(shared: string, to: string): Promise<void> {
  if (!existsSync(shared)) return;
  const release = await lock(`${shared}.lock`, 2 * 60_000);
  try {
    const goBuild = join(shared, "paketo-buildpacks_go-build");
    if (existsSync(goBuild)) await cp(goBuild, join(to, "paketo-buildpacks_go-build"), { recursive: true, verbatimSymlinks: true });
  } finally {
    await release();
  }
}

async function expectServes(app: BuiltApp): Promise<void> {
  const running = await app.start();
  try {
    const response = await running.waitForHttp("/?id=6BA7B811-9DAD-11D1-80B4-00C04FD430C8");
    expect(await response.text()).toBe("urn:uuid:6ba7b811-9dad-11d1-80b4-00c04fd430c8");
  } finally {
    await running.stop();
  }
}
