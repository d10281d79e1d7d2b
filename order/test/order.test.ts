import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import { isExplainerToml, repoBuildpacks } from "@fnpacks/devkit";

interface GroupEntry {
  id: string;
  version: string;
  optional?: boolean;
}

const root = join(__dirname, "..", "..");
const order = parseToml(readFileSync(join(__dirname, "..", "buildpack.toml"), "utf8"));
const groups = (order.order as TomlTable[]).map((o) => o.group as GroupEntry[]);
const ids = (group: GroupEntry[]) => group.map((entry) => entry.id);

/** Our buildpacks, from their packages: the source of truth for their versions. */
const ours = repoBuildpacks(root).map((built) => {
  const dir = join(built, "..", "..");
  const toml = parseToml(readFileSync(join(dir, "buildpack.toml"), "utf8"));
  const buildpack = toml.buildpack as TomlTable;
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return { id: String(buildpack.id), version: String(buildpack.version), packageVersion: pkg.version, explainer: isExplainerToml(toml) };
});
/** The signature buildpacks; the explainer (its buildpack.toml says so) is none. */
const signatures = ours.filter((b) => !b.explainer);
const explainers = ours.filter((b) => b.explainer);
const explainerId = explainers[0]?.id ?? "";
const signatureIds = new Set(signatures.map((s) => s.id));
const signatureOf = (group: GroupEntry[]) => group.find((entry) => signatureIds.has(entry.id))?.id ?? "plain";
/** The last group: the explainer alone. */
const explainerAlone = (group: GroupEntry[]) => group.length === 1 && group[0]?.id === explainerId;
const withoutExplainer = (group: GroupEntry[]) => group.filter((entry) => entry.id !== explainerId);

it("every component buildpack declares [[stacks]] id = \"*\" beside linux/amd64 and linux/arm64 targets (kpack ≤ 0.16 reads stacks); the composite declares neither", () => {
  for (const built of repoBuildpacks(root)) {
    const toml = parseToml(readFileSync(join(built, "..", "..", "buildpack.toml"), "utf8"));
    expect([built, toml.stacks]).toEqual([built, [{ id: "*" }]]);
    expect([built, toml.targets]).toEqual([built, [{ os: "linux", arch: "amd64" }, { os: "linux", arch: "arm64" }]]);
  }
  expect([order.stacks, order.targets]).toEqual([undefined, undefined]);
});

it("no group can run two signature buildpacks", () => {
  for (const group of groups) expect(group.filter((entry) => signatureIds.has(entry.id)).length).toBeLessThanOrEqual(1);
});

it("signature buildpacks are never optional, so a group that picks one always runs it", () => {
  for (const group of groups) {
    for (const entry of group.filter((e) => signatureIds.has(e.id))) expect(entry.optional).toBeFalsy();
  }
});

it("gives every signature buildpack two groups, with go-mod-vendor and then without, all ahead of the plain Go groups, and the explainer alone last", () => {
  // Which signature comes first (the most specific) is what detect.test.ts checks, with
  // packages that have two kinds of function.
  const inOrder = [...new Set(groups.map(signatureOf).filter((id) => id !== "plain"))];
  expect(inOrder.sort()).toEqual([...signatureIds].sort());
  const beforeLast = groups.slice(0, -1);
  const expected = [...new Set(beforeLast.map(signatureOf))].flatMap((id) => [`${id} +vendor`, id]);
  expect(beforeLast.map((group) => `${signatureOf(group)}${ids(group).includes("paketo-buildpacks/go-mod-vendor") ? " +vendor" : ""}`)).toEqual(expected);
  expect(expected.slice(-2)).toEqual(["plain +vendor", "plain"]);
  expect(explainers).toHaveLength(1);
  expect(groups.at(-1)).toEqual([{ id: explainerId, version: explainers[0]?.version }]);
  expect(groups.filter(explainerAlone)).toHaveLength(1);
});

it("the explainer is an optional member of both plain Go groups, where a function buildpack sits (after go-dist and git, before go-mod-vendor and go-build), and of no signature's group", () => {
  for (const group of groups.filter((g) => signatureOf(g) === "plain" && !explainerAlone(g))) {
    const at = (id: string) => ids(group).indexOf(id);
    expect(group[at(explainerId)]).toEqual({ id: explainerId, version: explainers[0]?.version, optional: true });
    expect(at("paketo-buildpacks/git")).toBe(at(explainerId) - 1);
    expect(at(explainerId)).toBeLessThan(at("paketo-buildpacks/go-build"));
    if (at("paketo-buildpacks/go-mod-vendor") >= 0) expect(at(explainerId)).toBe(at("paketo-buildpacks/go-mod-vendor") - 1);
  }
  for (const group of groups.filter((g) => signatureOf(g) !== "plain")) expect(ids(group)).not.toContain(explainerId);
});

it("puts a function buildpack after go-dist and before go-mod-vendor and go-build", () => {
  for (const group of groups.filter((g) => signatureOf(g) !== "plain")) {
    const at = (id: string) => ids(group).indexOf(id);
    const fn = at(signatureOf(group));
    expect(at("paketo-buildpacks/go-dist")).toBeLessThan(fn);
    expect(fn).toBeLessThan(at("paketo-buildpacks/go-build"));
    if (at("paketo-buildpacks/go-mod-vendor") >= 0) expect(fn).toBeLessThan(at("paketo-buildpacks/go-mod-vendor"));
  }
});

it("each function group is its plain Go group plus the function buildpack (the plain groups without the optional explainer), so Paketo's behaviour is unchanged", () => {
  const plain = groups.filter((g) => signatureOf(g) === "plain" && !explainerAlone(g)).map(withoutExplainer);
  expect(plain).toHaveLength(2);
  for (const group of groups.filter((g) => signatureOf(g) !== "plain")) {
    const without = group.filter((entry) => !signatureIds.has(entry.id));
    expect(plain).toContainEqual(without);
  }
});

it("pins every buildpack at one version, and ours at their packages' versions", () => {
  const versions = new Map<string, Set<string>>();
  for (const entry of groups.flat()) versions.set(entry.id, (versions.get(entry.id) ?? new Set()).add(entry.version));
  for (const [id, seen] of versions) expect([id, seen.size]).toEqual([id, 1]);
  for (const buildpack of ours) {
    expect(buildpack.packageVersion).toBe(buildpack.version);
    expect([...(versions.get(buildpack.id) ?? [])]).toEqual([buildpack.version]);
  }
  const own = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string };
  expect((order.buildpack as TomlTable).version).toBe(own.version);
});

it("scripts/bump-version.mjs moves a buildpack's version in its package and in the order together", () => {
  const copy = mkdtempSync(join(tmpdir(), "bump-version-"));
  try {
    for (const path of ["order", "packages/http-fn", "packages/cloudevents-fn", "packages/go-function-explainer"]) {
      mkdirSync(join(copy, path), { recursive: true });
      for (const file of ["package.json", "buildpack.toml", "package.toml"]) {
        if (existsSync(join(root, path, file))) cpSync(join(root, path, file), join(copy, path, file));
      }
    }
    execFileSync(process.execPath, [join(root, "scripts", "bump-version.mjs"), "http-fn", "1.2.3", "--root", copy]);
    const read = (path: string) => readFileSync(join(copy, path), "utf8");
    expect(JSON.parse(read("packages/http-fn/package.json")).version).toBe("1.2.3");
    expect((parseToml(read("packages/http-fn/buildpack.toml")).buildpack as TomlTable).version).toBe("1.2.3");
    const bumped = (parseToml(read("order/buildpack.toml")).order as TomlTable[]).flatMap((o) => o.group as GroupEntry[]);
    expect(new Set(bumped.filter((e) => e.id === "fnpacks/go-http-function").map((e) => e.version))).toEqual(new Set(["1.2.3"]));
    expect(bumped.filter((e) => e.id === "fnpacks/go-cloudevents-function").every((e) => e.version === "0.1.0")).toBe(true);
    expect(read("order/buildpack.toml")).toContain("# fnpacks/go-functions:");
    expect(read("order/package.toml")).toContain('uri = "docker://ghcr.io/fnpacks/go-http-function:1.2.3"');
    expect(read("order/package.toml")).toContain('uri = "docker://ghcr.io/fnpacks/go-cloudevents-function:0.1.0"');
    // The explainer likewise: its optional entries in the plain Go groups and its own group.
    execFileSync(process.execPath, [join(root, "scripts", "bump-version.mjs"), "go-function-explainer", "2.0.0", "--root", copy]);
    const explained = (parseToml(read("order/buildpack.toml")).order as TomlTable[]).flatMap((o) => o.group as GroupEntry[]).filter((e) => e.id === explainerId);
    expect(explained.map((e) => e.version)).toEqual(["2.0.0", "2.0.0", "2.0.0"]);
    expect(read("order/package.toml")).toContain(`uri = "docker://ghcr.io/${explainerId}:2.0.0"`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

it("order/package.toml references every member of the order, at the order's versions", () => {
  const pkg = parseToml(readFileSync(join(__dirname, "..", "package.toml"), "utf8"));
  const uris = (pkg.dependencies as TomlTable[]).map((d) => String(d.uri));
  const pinned = new Map(groups.flat().map((e) => [e.id, e.version]));
  expect(uris).toHaveLength(pinned.size);
  for (const [id, version] of pinned) {
    const image = id.startsWith("paketo-buildpacks/") ? `docker.io/paketobuildpacks/${id.split("/")[1]}` : `ghcr.io/${id}`;
    expect(uris).toContain(`docker://${image}:${version}`);
  }
});
