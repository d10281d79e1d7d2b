import { type BuildpackDir, DevkitError, GO_BUILD, GO_DIST_STANDIN } from "../src";
import type { BuildpackSources } from "../src/buildpacks";
import { resolveBuildOrder } from "../src/order";

// Which order a build tries, with the buildpacks faked: no tools, no checkout, no lifecycle.
const bp = (id: string, version: string, order?: BuildpackDir["order"]): BuildpackDir => ({ id, version, dir: `/bps/${id}`, ...(order ? { order } : {}) });
const standin = bp("fnpacks-devkit/go-dist-standin", "0.0.1");
const goBuild = bp("paketo-buildpacks/go-build", "1.1.4");
const http = bp("fnpacks/go-http-function", "0.1.0");
const events = bp("fnpacks/go-cloudevents-function", "0.1.0");
const e = (b: BuildpackDir, optional = false) => ({ id: b.id, version: b.version, ...(optional ? { optional: true } : {}) });

/** Sources that know the special names, a few dirs and composites; they record what was read. */
function sources(options: { composites?: Record<string, BuildpackDir>; repositoryOrder?: string; ours?: BuildpackDir[] } = {}) {
  const read: string[] = [];
  const dirs: Record<string, BuildpackDir> = { [GO_DIST_STANDIN]: standin, [GO_BUILD]: goBuild, "/bps/http": http, "/bps/events": events };
  const fake: BuildpackSources = {
    async buildpack(spec) {
      read.push(spec);
      const found = dirs[spec];
      if (!found) throw new DevkitError(`buildpack ${spec} does not exist`);
      return found;
    },
    async composite(file) {
      read.push(file);
      const found = options.composites?.[file];
      if (!found) throw new DevkitError(`no buildpack.toml in ${file}`);
      return found;
    },
    repositoryOrder: { file: options.repositoryOrder ?? "/repo/order/buildpack.toml", exists: options.repositoryOrder !== undefined },
    async repositoryBuildpacks() {
      read.push("repository");
      return [...(options.ours ?? [http, events])];
    },
  };
  return Object.assign(fake, { read });
}

// The shape of order/buildpack.toml: optional members, go-mod-vendor groups, go-dist first.
const goDist = { id: "paketo-buildpacks/go-dist", version: "2.10.9" };
const vendor = { id: "paketo-buildpacks/go-mod-vendor", version: "1.1.21" };
const build = { id: "paketo-buildpacks/go-build", version: "2.4.20" };
const certs = { id: "paketo-buildpacks/ca-certificates", version: "3.12.2", optional: true };
const composite = bp("fnpacks/go-functions", "0.1.0", [
  [certs, goDist, e(events), vendor, build],
  [certs, goDist, e(events), build],
  [certs, goDist, e(http), build],
  [certs, goDist, build],
]);

describe("groups the build names", () => {
  it("resolves each spec once, in order, and lays out each buildpack once", async () => {
    const s = sources();
    const order = await resolveBuildOrder({ groups: [[GO_DIST_STANDIN, "/bps/http", GO_BUILD], [GO_DIST_STANDIN, GO_BUILD]] }, s);
    expect(order.groups).toEqual([[e(standin), e(http), e(goBuild)], [e(standin), e(goBuild)]]);
    expect(order.buildpacks).toEqual([standin, http, goBuild]);
    expect(order.notes).toEqual([]);
    expect(s.read).toEqual([GO_DIST_STANDIN, "/bps/http", GO_BUILD]);
  });

  it("takes buildpacks alone as one group, and never looks at a composite", async () => {
    const s = sources({ repositoryOrder: "/repo/order/buildpack.toml" });
    const order = await resolveBuildOrder({ buildpacks: [GO_DIST_STANDIN, GO_BUILD] }, s);
    expect(order.groups).toEqual([[e(standin), e(goBuild)]]);
    expect(s.read).not.toContain("/repo/order/buildpack.toml");
  });

  it("lets groups win over buildpacks and an order", async () => {
    const order = await resolveBuildOrder({ groups: [[GO_BUILD]], buildpacks: ["/bps/http"], order: "/x/buildpack.toml" }, sources());
    expect(order.groups).toEqual([[e(goBuild)]]);
  });

  it("says which buildpack does not exist", async () => {
    await expect(resolveBuildOrder({ buildpacks: ["/nowhere"] }, sources())).rejects.toThrow("buildpack /nowhere does not exist");
  });
});

describe("a composite's order", () => {
  it("uses the repository's by default, with the stand-ins, and says what it changed", async () => {
    const file = "/repo/order/buildpack.toml";
    const order = await resolveBuildOrder({}, sources({ repositoryOrder: file, composites: { [file]: composite } }));
    expect(order.groups).toEqual([
      [e(standin), e(events), e(goBuild)],
      [e(standin), e(http), e(goBuild)],
      [e(standin), e(goBuild)],
    ]);
    expect(order.buildpacks).toEqual([standin, goBuild, http, events]);
    expect(order.notes[0]).toBe(`order from ${file}`);
    expect(order.notes).toEqual(
      expect.arrayContaining([
        "paketo-buildpacks/go-dist 2.10.9 → fnpacks-devkit/go-dist-standin 0.0.1",
        "paketo-buildpacks/go-build 2.4.20 → 1.1.4, the version devkit has",
        "left out optional paketo-buildpacks/ca-certificates 3.12.2: devkit cannot provide it",
        "left out group 1: it needs paketo-buildpacks/go-mod-vendor 1.1.21, which devkit cannot provide",
      ]),
    );
  });

  it("takes --order over the repository's, and --buildpack dirs as more buildpacks its groups may name", async () => {
    const mine = bp("fnpacks/go-functions-mine", "1.0.0", [[goDist, e(http), build]]);
    const s = sources({ repositoryOrder: "/repo/order/buildpack.toml", composites: { "/mine/buildpack.toml": mine }, ours: [] });
    const order = await resolveBuildOrder({ order: "/mine/buildpack.toml", buildpacks: ["/bps/http"] }, s);
    expect(order.groups).toEqual([[e(standin), e(http), e(goBuild)]]);
    expect(s.read).not.toContain("/repo/order/buildpack.toml");
  });

  it("reads the order before anything else: a bad --order is the user's first problem", async () => {
    const s = sources({ composites: { "/bp/buildpack.toml": bp("t/plain", "1") } });
    s.repositoryBuildpacks = async () => {
      throw new DevkitError("the buildpack in /repo/packages/x/dist/buildpack is not built");
    };
    const error = await resolveBuildOrder({ order: "/bp/buildpack.toml" }, s).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DevkitError);
    expect((error as DevkitError).format()).toBe(
      "/bp/buildpack.toml has no [[order]]: it is not a composite buildpack\n  at /bp/buildpack.toml\n  fix: pass a composite's buildpack.toml with --order, or a buildpack's dir with --buildpack",
    );
  });

  it("refuses an order none of whose groups devkit can build", async () => {
    const paketoOnly = bp("t/paketo-only", "1", [[vendor, build]]);
    const s = sources({ composites: { "/p/buildpack.toml": paketoOnly } });
    await expect(resolveBuildOrder({ order: "/p/buildpack.toml" }, s)).rejects.toThrow("no group of /p/buildpack.toml can be built with the buildpacks devkit has");
  });
});

it("without a composite, puts each of the repository's signature buildpacks in its own group, then plain Go", async () => {
  const order = await resolveBuildOrder({}, sources({ ours: [events, http] }));
  expect(order.groups).toEqual([
    [e(standin), e(events), e(goBuild)],
    [e(standin), e(http), e(goBuild)],
    [e(standin), e(goBuild)],
  ]);
  expect(order.notes).toEqual(["no /repo/order/buildpack.toml: one group per signature buildpack, then plain Go"]);
});
