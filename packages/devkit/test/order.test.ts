import { join } from "node:path";
import { type BuildpackDir, COMPOSITE_ORDER, DevkitError, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, isBuildpackName, readBuildpack } from "../src";
import type { BuildpackSources } from "../src/buildpacks";
import { resolveBuildOrder } from "../src/order";

// Which order a build tries, with the buildpacks faked: no tools, no checkout, no lifecycle.
const bp = (id: string, version: string, order?: BuildpackDir["order"]): BuildpackDir => ({ id, version, dir: `/bps/${id}`, ...(order ? { order } : {}) });
const standin = bp("fnpacks-devkit/go-dist-standin", "0.0.1");
const vendorStandin = bp("fnpacks-devkit/go-mod-vendor-standin", "0.0.1");
const goBuild = bp("paketo-buildpacks/go-build", "1.1.4");
const http = bp("fnpacks/go-http-function", "0.1.0");
const events = bp("fnpacks/go-cloudevents-function", "0.1.0");
const e = (b: BuildpackDir, optional = false) => ({ id: b.id, version: b.version, ...(optional ? { optional: true } : {}) });

/** Sources that know the special names, a few dirs and composites; they record what was read. */
function sources(options: { composites?: Record<string, BuildpackDir>; repositoryOrder?: string; ours?: BuildpackDir[] } = {}) {
  const read: string[] = [];
  const dirs: Record<string, BuildpackDir> = {
    [GO_DIST_STANDIN]: standin,
    [GO_MOD_VENDOR_STANDIN]: vendorStandin,
    [GO_BUILD]: goBuild,
    "/bps/http": http,
    "/bps/events": events,
  };
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
  [certs, goDist, e(http), vendor, build],
  [certs, goDist, e(http), build],
  [certs, goDist, vendor, build],
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
  it("uses the repository's by default, go-mod-vendor groups first, with the stand-ins, and says what it changed", async () => {
    const file = "/repo/order/buildpack.toml";
    const order = await resolveBuildOrder({}, sources({ repositoryOrder: file, composites: { [file]: composite } }));
    expect(order.groups).toEqual([
      [e(standin), e(events), e(vendorStandin), e(goBuild)],
      [e(standin), e(events), e(goBuild)],
      [e(standin), e(http), e(vendorStandin), e(goBuild)],
      [e(standin), e(http), e(goBuild)],
      [e(standin), e(vendorStandin), e(goBuild)],
      [e(standin), e(goBuild)],
    ]);
    expect(order.buildpacks).toEqual([standin, vendorStandin, goBuild, http, events]);
    // What stands in for what first, then what is left out: nothing else.
    expect(order.notes).toEqual([
      `order from ${file}`,
      "paketo-buildpacks/go-dist 2.10.9 → fnpacks-devkit/go-dist-standin 0.0.1",
      "paketo-buildpacks/go-mod-vendor 1.1.21 → fnpacks-devkit/go-mod-vendor-standin 0.0.1",
      "paketo-buildpacks/go-build 2.4.20 → 1.1.4, the version devkit has",
      "left out optional paketo-buildpacks/ca-certificates 3.12.2: devkit cannot provide it",
    ]);
  });

  it("keeps order/buildpack.toml's groups, each signature's go-mod-vendor group first, with only the documented substitutions", async () => {
    const repositoryComposite = await readBuildpack(join(COMPOSITE_ORDER, ".."));
    const groups = repositoryComposite.order ?? [];
    // The repository's own buildpacks, as the composite names them (signatures, the explainer):
    // whatever is added to order/ is covered here without a list to edit.
    const ours = [...new Map(groups.flat().filter((m) => m.id.startsWith("fnpacks/")).map((m) => [m.id, bp(m.id, m.version)])).values()];
    const s = sources({ repositoryOrder: COMPOSITE_ORDER, composites: { [COMPOSITE_ORDER]: repositoryComposite }, ours });
    const order = await resolveBuildOrder({}, s);
    const ids = order.groups.map((group) => group.map((entry) => entry.id));
    // Every group of the composite is kept, none collapses: the same count, go-mod-vendor in the same ones.
    expect(ids).toHaveLength(groups.length);
    expect(ids.map((group) => group.includes(vendorStandin.id))).toEqual(groups.map((group) => group.some((entry) => entry.id === vendor.id)));
    // Each group is the composite's, member for member, with only the substitutions and the
    // optional Paketo members devkit cannot provide left out.
    const substituted: Record<string, string> = { [goDist.id]: standin.id, [vendor.id]: vendorStandin.id };
    expect(ids).toEqual(
      groups.map((group) => group.filter((m) => !(m.optional && m.id.startsWith("paketo-buildpacks/"))).map((m) => substituted[m.id] ?? m.id)),
    );
    // The group a real builder picks for a signature is its first: the one with go-mod-vendor.
    // Signatures: required members of groups that go-build builds (the explainer is optional
    // there, and alone in its own group).
    const builds = (g: (typeof groups)[number]) => g.some((m) => m.id === build.id);
    const signatures = ours.map((b) => b.id).filter((id) => groups.some((g) => builds(g) && g.some((m) => m.id === id && !m.optional)));
    expect(signatures.length).toBeGreaterThanOrEqual(2);
    for (const signature of signatures) {
      const runs = ids.filter((group) => group.includes(signature));
      expect(runs[0]).toEqual([standin.id, signature, vendorStandin.id, goBuild.id]);
      expect(runs.slice(1)).toEqual([[standin.id, signature, goBuild.id]]);
    }
    expect(order.notes.filter((note) => note.includes("→"))).toEqual([
      "paketo-buildpacks/go-dist 2.10.9 → fnpacks-devkit/go-dist-standin 0.0.1",
      "paketo-buildpacks/go-mod-vendor 1.1.21 → fnpacks-devkit/go-mod-vendor-standin 0.0.1",
      "paketo-buildpacks/go-build 2.4.20 → 1.1.4, the version devkit has",
    ]);
    const optional = ["ca-certificates 3.12.2", "watchexec 3.9.3", "git 1.1.18", "procfile 5.13.2", "environment-variables 4.11.2", "image-labels 4.12.2"];
    expect(order.notes.filter((note) => note.startsWith("left out"))).toEqual(
      optional.map((member) => `left out optional paketo-buildpacks/${member}: devkit cannot provide it`),
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
    const paketoOnly = bp("t/paketo-only", "1", [[{ id: "paketo-buildpacks/node-engine", version: "1" }, build]]);
    const s = sources({ composites: { "/p/buildpack.toml": paketoOnly } });
    await expect(resolveBuildOrder({ order: "/p/buildpack.toml" }, s)).rejects.toThrow("no group of /p/buildpack.toml can be built with the buildpacks devkit has");
  });
});

it("without a composite, shapes the groups as order/ does: each signature, then plain Go, with go-mod-vendor first", async () => {
  const order = await resolveBuildOrder({}, sources({ ours: [events, http] }));
  expect(order.groups).toEqual([
    [e(standin), e(events), e(vendorStandin), e(goBuild)],
    [e(standin), e(events), e(goBuild)],
    [e(standin), e(http), e(vendorStandin), e(goBuild)],
    [e(standin), e(http), e(goBuild)],
    [e(standin), e(vendorStandin), e(goBuild)],
    [e(standin), e(goBuild)],
  ]);
  expect(order.notes).toEqual([
    "no /repo/order/buildpack.toml: groups per signature buildpack, then plain Go, each with and then without the go-mod-vendor stand-in",
  ]);
});

it("knows the names that stand for devkit's own buildpacks, and nothing else", () => {
  expect([GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN, GO_BUILD].every(isBuildpackName)).toBe(true);
  expect(["go-dist", "paketo-buildpacks/go-mod-vendor", "./go-build", "toString", "__proto__"].some(isBuildpackName)).toBe(false);
});
