import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";

// What the documentation tests know about the buildpacks: the repository's own buildpack.toml
// files, the images that carry them, and doccheck, the Go program that reads pack commands with
// the pinned pack module (packages/devkit/tools/pack/doccheck).

export const root = join(__dirname, "..", "..");
export const read = (path: string) => readFileSync(join(root, path), "utf8");

/**
 * The version of Paketo's Go composite (paketo-buildpacks/go) whose buildpack.toml pins exactly
 * the Paketo versions order/buildpack.toml names: its tag v4.19.23 (2026-08-04). Bump it with
 * the order's Paketo versions.
 */
export const PAKETO_GO_VERSION = "4.19.23";

export interface ModuleRef {
  id: string;
  version: string;
  optional?: boolean;
}

export interface ComponentBuildpack extends ModuleRef {
  /** the directory under packages/ */
  pkg: string;
  targets: { os: string; arch: string }[];
}

/** Every buildpack under packages/ (the signature buildpacks), as its buildpack.toml says. */
export function componentBuildpacks(): ComponentBuildpack[] {
  return readdirSync(join(root, "packages"))
    .sort()
    .filter((pkg) => readdirSync(join(root, "packages", pkg)).includes("buildpack.toml"))
    .map((pkg) => {
      const toml = parseToml(read(`packages/${pkg}/buildpack.toml`));
      const info = toml.buildpack as TomlTable;
      const targets = ((toml.targets as TomlTable[]) ?? []).map((t) => ({ os: String(t.os), arch: String(t.arch) }));
      return { pkg, id: String(info.id), version: String(info.version), targets };
    });
}

/** order/buildpack.toml: the composite's id, version and groups. */
export function orderBuildpack(): ModuleRef & { groups: ModuleRef[][] } {
  const toml = parseToml(read("order/buildpack.toml"));
  const info = toml.buildpack as TomlTable;
  const groups = (toml.order as TomlTable[]).map((entry) => (entry.group as TomlTable[]).map(moduleRef));
  return { id: String(info.id), version: String(info.version), groups };
}

export function moduleRef(entry: TomlTable): ModuleRef {
  const ref: ModuleRef = { id: String(entry.id), version: String(entry.version) };
  if (entry.optional === true) ref.optional = true;
  return ref;
}

/** The buildpacks the order names from Paketo, once each. */
export function paketoMembers(): ModuleRef[] {
  const members = new Map<string, ModuleRef>();
  for (const entry of orderBuildpack().groups.flat()) {
    if (entry.id.startsWith("paketo-buildpacks/")) members.set(entry.id, { id: entry.id, version: entry.version });
  }
  return [...members.values()];
}

/**
 * The buildpacks an image carries, for the images the docs may name; undefined for any other
 * image or version. A composite's image carries every member its order names.
 */
export function imageContents(image: string): ModuleRef[] | undefined {
  const match = /^(?:docker\.io|index\.docker\.io|ghcr\.io)\/([a-z0-9-]+)\/([a-z0-9-]+):([^@]+)$/.exec(image);
  if (!match) return undefined;
  const [, namespace, name, tag] = match;
  const order = orderBuildpack();
  if (image.startsWith("ghcr.io/") && namespace === "fnpacks") {
    if (`fnpacks/${name}` === order.id) return tag === order.version ? [{ id: order.id, version: order.version }, ...unique(order.groups.flat())] : undefined;
    const component = componentBuildpacks().find((b) => b.id === `fnpacks/${name}` && b.version === tag);
    return component && [{ id: component.id, version: component.version }];
  }
  if (!image.startsWith("ghcr.io/") && namespace === "paketobuildpacks") {
    if (name === "go") return tag === PAKETO_GO_VERSION ? [{ id: "paketo-buildpacks/go", version: PAKETO_GO_VERSION }, ...paketoMembers()] : undefined;
    const member = paketoMembers().find((m) => m.id === `paketo-buildpacks/${name}` && m.version === tag);
    return member && [member];
  }
  return undefined;
}

function unique(refs: ModuleRef[]): ModuleRef[] {
  return [...new Map(refs.map((r) => [`${r.id}@${r.version}`, { id: r.id, version: r.version }])).values()];
}

/**
 * Builds doccheck once into `dir` (Go's build cache makes later builds take a few seconds) in
 * the module that pins pack for `pnpm package`, so it reads commands as that pack does.
 */
export function buildDoccheck(dir: string): string {
  const binary = join(dir, "doccheck");
  execFileSync("go", ["build", "-trimpath", "-o", binary, "./doccheck"], {
    cwd: join(root, "packages", "devkit", "tools", "pack"),
    env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly", GOWORK: "off" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return binary;
}

export function runDoccheck<T>(binary: string, mode: "pack" | "yaml" | "refs", input: string): T {
  return JSON.parse(execFileSync(binary, [mode], { input, maxBuffer: 64 << 20 }).toString()) as T;
}
