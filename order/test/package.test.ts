import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, closeSync, cpSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import { repoBuildpacks } from "@fnpacks/devkit";
import { load as parseYaml } from "js-yaml";

// `pnpm package` (scripts/package.mjs) with the real pack: every buildpack staged in a dir of
// its own, one .cnb per signature buildpack and target; and the release workflow that runs the
// same script, read as GitHub reads it and its publish steps run against a registry on loopback.
jest.setTimeout(15 * 60_000);

const root = join(__dirname, "..", "..");
const stage = join(root, "dist", "stage");
const work = mkdtempSync(join(tmpdir(), "fnpacks-package-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Target {
  os: string;
  arch: string;
}
interface Member {
  id: string;
  version: string;
}
const readToml = (path: string) => parseToml(readFileSync(path, "utf8"));
/** "fnpacks/go-http-function" → "go-http-function": the staged dir's and the step output's name. */
const nameOf = (id: string) => id.slice(id.indexOf("/") + 1);

/** Our signature buildpacks, from their packages' buildpack.toml. */
const signatures = repoBuildpacks(root).map((built) => {
  const toml = readToml(join(built, "..", "..", "buildpack.toml"));
  const { id, version } = toml.buildpack as unknown as Member;
  return { id, version, name: nameOf(id), targets: toml.targets as Target[] };
});
const order = readToml(join(root, "order", "buildpack.toml"));
const composite = { ...(order.buildpack as unknown as Member), name: nameOf(String((order.buildpack as TomlTable).id)) };
const members = new Map((order.order as TomlTable[]).flatMap((o) => o.group as Member[]).map((m) => [m.id, m.version]));
const sourcePackage = readToml(join(root, "order", "package.toml"));
const dependencies = (sourcePackage.dependencies as TomlTable[]).map((d) => String(d.uri));

/** What scripts/package.mjs wrote to $GITHUB_OUTPUT: the pack binary, the composite's version, each image by name. */
let outputs: Record<string, string> = {};
function output(key: string): string {
  const value = outputs[key];
  if (value === undefined) throw new Error(`pnpm package wrote no step output ${key}`);
  return value;
}

beforeAll(() => {
  const outputFile = join(work, "github-output");
  writeFileSync(outputFile, "");
  execFileSync(process.execPath, [join(root, "scripts", "package.mjs")], { stdio: "pipe", env: { ...process.env, GITHUB_OUTPUT: outputFile } });
  const lines = readFileSync(outputFile, "utf8").split("\n").filter(Boolean);
  outputs = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
});

/** Every path under dir, relative, sorted. */
function tree(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry}` : entry;
      return lstatSync(join(dir, path)).isDirectory() ? [path, ...tree(dir, path)] : [path];
    })
    .sort();
}

/** The entries of a gzipped layer tar, without the leading and trailing slashes. */
function layerFiles(file: string): string[] {
  const listing = execFileSync("tar", ["-tzf", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return listing
    .split("\n")
    .filter(Boolean)
    .map((path) => path.replace(/^\/+/, "").replace(/\/+$/, ""))
    .sort();
}

/** A buildpack's files in a buildpackage layer, as pack lays them out (parents of cnb/buildpacks/<id> are not entries). */
function buildpackLayer(id: string, version: string, files: string[]): string[] {
  const dir = `cnb/buildpacks/${id.replace("/", "_")}`;
  return [dir, `${dir}/${version}`, ...files.map((file) => `${dir}/${version}/${file}`)].sort();
}
const SIGNATURE_FILES = ["bin", "bin/build", "bin/detect", "bin/run", "buildpack.toml"];

function blob(dir: string, digest: string): Buffer {
  return readFileSync(join(dir, "blobs", ...digest.split(":")));
}

/** A .cnb (an OCI layout in a tar): its layout marker, image config and the path of its one layer blob. */
function openCnb(file: string) {
  const dir = mkdtempSync(join(work, "layout-"));
  execFileSync("tar", ["-xf", file, "-C", dir], { stdio: "pipe" });
  const index = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
  expect(index.manifests).toHaveLength(1);
  const manifest = JSON.parse(blob(dir, index.manifests[0].digest).toString());
  const config = JSON.parse(blob(dir, manifest.config.digest).toString());
  expect(manifest.layers).toHaveLength(1);
  const layer = join(dir, "blobs", ...manifest.layers[0].digest.split(":"));
  return { dir, config, layer, oci: JSON.parse(readFileSync(join(dir, "oci-layout"), "utf8")) };
}
const cnbFile = (name: string, version: string, arch: string) => join(root, "dist", "cnb", `${name}-${version}-linux-${arch}.cnb`);

/** ELF e_machine: 0x3e x86-64, 0xb7 aarch64. */
function elfMachine(path: string): number {
  return readFileSync(path).readUInt16LE(18);
}

describe("the staged composite", () => {
  const dir = join(stage, composite.name);

  it("holds exactly buildpack.toml and package.toml, both files", () => {
    expect(tree(dir)).toEqual(["buildpack.toml", "package.toml"]);
    for (const file of tree(dir)) expect([file, lstatSync(join(dir, file)).isFile()]).toEqual([file, true]);
  });

  it("buildpack.toml is order/buildpack.toml", () => {
    expect(readFileSync(join(dir, "buildpack.toml"), "utf8")).toBe(readFileSync(join(root, "order", "buildpack.toml"), "utf8"));
    expect(readToml(join(dir, "buildpack.toml")).order).toEqual(order.order);
  });

  it("package.toml names this dir as the buildpack and pulls every member of the order at its version, for linux/amd64 and linux/arm64", () => {
    const staged = readToml(join(dir, "package.toml"));
    // pack resolves the uri against the config file's dir: the staged dir itself.
    expect(staged.buildpack).toEqual({ uri: "." });
    expect(staged.dependencies).toEqual(sourcePackage.dependencies);
    expect(staged.targets).toEqual([
      { os: "linux", arch: "amd64" },
      { os: "linux", arch: "arm64" },
    ]);
    const uris = (staged.dependencies as TomlTable[]).map((d) => String(d.uri));
    expect(uris).toHaveLength(members.size);
    for (const [id, version] of members) {
      const image = id.startsWith("paketo-buildpacks/") ? `docker.io/paketobuildpacks/${id.split("/")[1]}` : `ghcr.io/${id}`;
      expect(uris).toContain(`docker://${image}:${version}`);
    }
  });

  it("order/package.toml names no buildpack dir, so pack refuses it in place instead of packaging order/", () => {
    expect(sourcePackage.buildpack).toBeUndefined();
    let error = "";
    try {
      execFileSync(output("pack"), ["buildpack", "package", join(work, "in-place.cnb"), "--config", "package.toml", "--format", "file", "--no-color"], {
        cwd: join(root, "order"),
        env: { ...process.env, PACK_HOME: mkdtempSync(join(work, "pack-home-")) },
        stdio: "pipe",
      });
    } catch (failure) {
      error = String((failure as { stdout: Buffer }).stdout) + String((failure as { stderr: Buffer }).stderr);
    }
    expect(error).toContain("missing 'buildpack.uri' configuration");
  });
});

describe.each(signatures)("$id", ({ id, version, name }) => {
  it("is staged as buildpack.toml and, per target, bin/ alone", () => {
    const bin = (arch: string) => [`linux/${arch}`, `linux/${arch}/bin`, ...["build", "detect", "run"].map((file) => `linux/${arch}/bin/${file}`)];
    expect(tree(join(stage, name))).toEqual(["buildpack.toml", "linux", ...bin("amd64"), ...bin("arm64")].sort());
  });

  it.each([
    ["amd64", 0x3e],
    ["arm64", 0xb7],
  ])("is packaged for linux/%s: that architecture, and a layer of buildpack.toml and bin/ alone", (arch, machine) => {
    const { config, layer, dir, oci } = openCnb(cnbFile(name, version, arch));
    expect(oci.imageLayoutVersion).toBe("1.0.0");
    expect([config.os, config.architecture]).toEqual(["linux", arch]);
    const metadata = JSON.parse(config.config.Labels["io.buildpacks.buildpackage.metadata"]);
    expect([metadata.id, metadata.version]).toEqual([id, version]);
    const layers = JSON.parse(config.config.Labels["io.buildpacks.buildpack.layers"]);
    expect(layers[id][version]).toMatchObject({
      api: "0.10",
      targets: [
        { os: "linux", arch: "amd64" },
        { os: "linux", arch: "arm64" },
      ],
    });
    expect(layerFiles(layer)).toEqual(buildpackLayer(id, version, SIGNATURE_FILES));
    const files = join(dir, "layer");
    mkdirSync(files);
    execFileSync("tar", ["-xzf", layer, "-C", files], { stdio: "pipe" });
    const bin = join(files, "cnb", "buildpacks", id.replace("/", "_"), version, "bin");
    expect(elfMachine(join(bin, "run"))).toBe(machine);
    for (const phase of ["detect", "build"]) expect(execFileSync("readlink", [join(bin, phase)]).toString().trim()).toBe("run");
  });
});

interface ImageIndex {
  mediaType: string;
  manifests: { digest: string; platform: { os: string; architecture: string } }[];
}
interface ImageManifest {
  config: { digest: string };
  layers: { digest: string }[];
}
interface ImageConfig {
  os: string;
  architecture: string;
  rootfs: { diff_ids: string[] };
  config: { Labels: Record<string, string> };
}

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  "working-directory"?: string;
}
const workflow = parseYaml(readFileSync(join(root, ".github", "workflows", "release.yml"), "utf8")) as {
  on: unknown;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
};
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
/** A run line's words, as the shell splits these simple ones. */
const words = (run = "") => [...run.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]);
const isPublish = (step: Step) => words(step.run).slice(1, 3).join(" ") === "buildpack package" && words(step.run).includes("--publish");
const expression = (key: string) => `\${{ steps.package.outputs.${key} }}`;
const signatureStep = (name: string) => steps.find((step) => isPublish(step) && words(step.run).includes(`dist/stage/${name}`)) as Step;
const compositeStep = () => steps.find((step) => isPublish(step) && step["working-directory"] === `dist/stage/${composite.name}`) as Step;
const registryOf = (image: string) => image.slice(0, image.indexOf("/"));

describe(".github/workflows/release.yml", () => {
  it("runs on a version tag, with one job", () => {
    expect(workflow.on).toEqual({ push: { tags: ["v*"] } });
    expect(Object.keys(workflow.jobs)).toHaveLength(1);
    expect(workflow.permissions).toMatchObject({ packages: "write" });
  });

  it("runs `pnpm package` before it publishes anything, and publishes the signatures and then the composite, nothing else", () => {
    const packaging = steps.findIndex((step) => step.run === "pnpm package");
    expect(packaging).toBeGreaterThan(-1);
    expect(steps[packaging]?.id).toBe("package");
    const published = steps.filter(isPublish);
    expect(published).toHaveLength(signatures.length + 1);
    // The signatures in any order, then the composite, which pulls them.
    const bySignatureName = (a: Step, b: Step) => String(a.run).localeCompare(String(b.run));
    expect(published.slice(0, -1).sort(bySignatureName)).toEqual(signatures.map(({ name }) => signatureStep(name)).sort(bySignatureName));
    expect(published.at(-1)).toBe(compositeStep());
    expect(steps.indexOf(published[0] as Step)).toBeGreaterThan(packaging);
  });

  it.each(signatures)("publishes $id from its staged dir for both targets, under the name the composite pulls", ({ name, targets }) => {
    const step = signatureStep(name);
    expect(step).toBeDefined();
    expect(step.env).toEqual({ PACK: expression("pack"), IMAGE: expression(name) });
    expect(step["working-directory"]).toBeUndefined();
    expect(words(step.run)).toEqual(["$PACK", "buildpack", "package", "$IMAGE", "--path", `dist/stage/${name}`, ...targets.flatMap((t) => ["--target", `${t.os}/${t.arch}`]), "--publish"]);
    expect(targets.map((t) => t.arch)).toEqual(["amd64", "arm64"]);
  });

  it("publishes the composite from its staged dir, where pack reads package.toml's targets", () => {
    const step = compositeStep();
    expect(step).toBeDefined();
    expect(step.env).toEqual({ PACK: expression("pack"), IMAGE: expression(composite.name) });
    expect(words(step.run)).toEqual(["$PACK", "buildpack", "package", "$IMAGE", "--config", "package.toml", "--publish"]);
  });

  it("logs in to the registry the images are named in, before publishing", () => {
    const login = steps.findIndex((step) => step.uses?.startsWith("docker/login-action@"));
    expect(login).toBeGreaterThan(-1);
    expect(login).toBeLessThan(steps.findIndex(isPublish));
    const registries = new Set([...signatures, composite].map(({ name }) => registryOf(output(name))));
    expect([...registries]).toEqual([steps[login]?.with?.registry]);
  });

  it("pnpm package names the images after order/package.toml's dependencies, and the composite as the docs do", () => {
    for (const { id, version, name } of signatures) {
      expect(output(name)).toMatch(new RegExp(`/${id}:${version.replaceAll(".", "\\.")}$`));
      expect(dependencies).toContain(`docker://${output(name)}`);
    }
    expect(output(composite.name)).toBe(`${registryOf(output(nameOf(signatures[0]?.id ?? "")))}/${composite.id}:${composite.version}`);
    expect(output("version")).toBe(composite.version);
    const docs = [join(root, "README.md"), ...readdirSync(join(root, "docs")).map((file) => join(root, "docs", file))]
      .filter((file) => file.endsWith(".md"))
      .map((file) => readFileSync(file, "utf8"))
      .join("\n");
    expect(docs).toContain(output(composite.name));
  });
});

// The registry comes from go-containerregistry's module, pinned in packages/devkit/tools/pack
// (pack depends on it); it keeps everything in memory and listens on loopback only.
// pack refuses a registry with a port in a multi-platform composite's dependencies (it checks
// the whole `docker://host:port/...` as one reference, which a port breaks), so images are named
// on a portless host, `fnpacks.local` (plain HTTP for pack, as any *.local), and pack reaches the
// loopback registry through HTTP_PROXY.
describe("the workflow's publish steps, run against a registry on loopback", () => {
  let registry: ChildProcess | undefined;
  const host = "fnpacks.local";
  let address = "";
  const viaProxy = () => ({ HTTP_PROXY: `http://${address}`, http_proxy: `http://${address}`, NO_PROXY: "", no_proxy: "" });
  const packHome = mkdtempSync(join(work, "pack-home-"));
  /** An image name moved from its registry to the loopback one. */
  const toLoopback = (image: string) => `${host}${image.slice(image.indexOf("/"))}`;

  beforeAll(async () => {
    const bin = join(root, ".cache", "tools", "registry");
    execFileSync("go", ["build", "-trimpath", "-o", bin, "github.com/google/go-containerregistry/cmd/registry"], {
      cwd: join(root, "packages", "devkit", "tools", "pack"),
      env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=readonly", GOWORK: "off" },
      stdio: "pipe",
    });
    // Its log goes to a file: the tests run pack synchronously, so nothing would drain a pipe
    // and the registry, which logs every request, would block on it.
    const logFile = join(work, "registry.log");
    const log = openSync(logFile, "w");
    const child = spawn(bin, ["-port", "0"], { stdio: ["ignore", "ignore", log] });
    closeSync(log);
    registry = child;
    let exited = false;
    child.on("exit", () => {
      exited = true;
    });
    let port = "";
    while (!port) {
      if (exited) throw new Error(`the loopback registry exited: ${readFileSync(logFile, "utf8")}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      port = /serving on port (\d+)/.exec(readFileSync(logFile, "utf8"))?.[1] ?? "";
    }
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => {
    registry?.kill();
  });

  /** Runs a step's script as GitHub does (bash -eo pipefail), its `${{ steps.package.outputs.* }}` taken from values. */
  function runStep(step: Step, values: Record<string, string>, cwd: string) {
    const env = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([key, value]) => [
        key,
        value.replace(/\$\{\{\s*steps\.package\.outputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
          const known = values[name];
          if (known === undefined) throw new Error(`${step.name}: pnpm package has no output ${name}`);
          return known;
        }),
      ]),
    );
    for (const value of Object.values(env)) expect(value).not.toContain("${{");
    execFileSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", String(step.run)], { cwd, env: { ...process.env, PACK_HOME: packHome, ...viaProxy(), ...env }, stdio: "pipe" });
  }

  const loopbackOutputs = () => Object.fromEntries(Object.entries(outputs).map(([key, value]) => [key, key === "pack" || key === "version" ? value : toLoopback(value)]));

  async function get(path: string): Promise<Response> {
    const accept = ["application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];
    const response = await fetch(`http://${address}/v2/${path}`, { headers: { Accept: accept.join(", ") } });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response;
  }
  /** An image by its loopback name: its index, and per platform its manifest and config. */
  async function pull(image: string) {
    const repo = image.slice(host.length + 1, image.lastIndexOf(":"));
    const index = (await (await get(`${repo}/manifests/${image.slice(image.lastIndexOf(":") + 1)}`)).json()) as ImageIndex;
    const platforms = [];
    for (const entry of index.manifests) {
      const manifest = (await (await get(`${repo}/manifests/${entry.digest}`)).json()) as ImageManifest;
      const config = (await (await get(`${repo}/blobs/${manifest.config.digest}`)).json()) as ImageConfig;
      platforms.push({ platform: entry.platform, manifest, config });
    }
    return { repo, index, platforms };
  }
  async function saveBlob(repo: string, digest: string): Promise<string> {
    const file = join(work, digest.replace(":", "-"));
    writeFileSync(file, Buffer.from(await (await get(`${repo}/blobs/${digest}`)).arrayBuffer()));
    return file;
  }
  /** A buildpackage label's JSON. */
  function label(config: ImageConfig, name: string) {
    const value = config.config.Labels[name];
    if (value === undefined) throw new Error(`the image has no label ${name}`);
    return JSON.parse(value);
  }

  it("each signature becomes a linux/amd64 and a linux/arm64 image under one index, their layers those of the .cnb files", async () => {
    for (const { id, version, name } of signatures) {
      runStep(signatureStep(name), loopbackOutputs(), root);
      const { repo, index, platforms } = await pull(toLoopback(output(name)));
      expect(index.mediaType).toBe("application/vnd.oci.image.index.v1+json");
      expect(platforms.map((p) => p.platform)).toEqual([
        { os: "linux", architecture: "amd64" },
        { os: "linux", architecture: "arm64" },
      ]);
      for (const { platform, manifest, config } of platforms) {
        expect([config.os, config.architecture]).toEqual(["linux", platform.architecture]);
        expect(label(config, "io.buildpacks.buildpackage.metadata")).toMatchObject({ id, version });
        // The same layer as the arch's .cnb file (whose executable's machine the test above reads).
        expect(config.rootfs.diff_ids).toEqual(openCnb(cnbFile(name, version, platform.architecture)).config.rootfs.diff_ids);
        expect(manifest.layers).toHaveLength(1);
        expect(layerFiles(await saveBlob(repo, manifest.layers[0]?.digest ?? ""))).toEqual(buildpackLayer(id, version, SIGNATURE_FILES));
      }
    }
  });

  it("the composite, from a copy of its staged dir pulling from loopback, becomes one image per target holding every member of the order", async () => {
    // Paketo's members cannot be pulled here: stand-ins with their ids and versions take their place.
    for (const [id, version] of members) {
      if (signatures.some((s) => s.id === id)) continue;
      const dir = mkdtempSync(join(work, "paketo-stand-in-"));
      mkdirSync(join(dir, "bin"));
      const toml = `api = "0.10"\n[buildpack]\n  id = "${id}"\n  version = "${version}"\n  name = "test stand-in for ${id}"\n[[targets]]\n  os = "linux"\n  arch = "amd64"\n[[targets]]\n  os = "linux"\n  arch = "arm64"\n`;
      writeFileSync(join(dir, "buildpack.toml"), toml);
      for (const phase of ["detect", "build"]) {
        writeFileSync(join(dir, "bin", phase), "#!/bin/sh\nexit 100\n");
        chmodSync(join(dir, "bin", phase), 0o755);
      }
      const uri = dependencies.find((d) => d.endsWith(`/${id.split("/")[1]}:${version}`)) as string;
      execFileSync(output("pack"), ["buildpack", "package", toLoopback(uri.slice("docker://".length)), "--path", dir, "--target", "linux/amd64", "--target", "linux/arm64", "--publish"], {
        env: { ...process.env, PACK_HOME: packHome, ...viaProxy() },
        stdio: "pipe",
      });
    }
    const copy = join(work, "staged-composite");
    cpSync(join(stage, composite.name), copy, { recursive: true });
    const text = readFileSync(join(copy, "package.toml"), "utf8");
    writeFileSync(join(copy, "package.toml"), text.replace(/docker:\/\/[^/"]+\//g, `docker://${host}/`));

    runStep(compositeStep(), loopbackOutputs(), copy);
    const { repo, platforms } = await pull(toLoopback(output(composite.name)));
    expect(platforms.map((p) => p.platform)).toEqual([
      { os: "linux", architecture: "amd64" },
      { os: "linux", architecture: "arm64" },
    ]);
    for (const { platform, manifest, config } of platforms) {
      expect([config.os, config.architecture]).toEqual(["linux", platform.architecture]);
      expect(label(config, "io.buildpacks.buildpackage.metadata")).toMatchObject({ id: composite.id, version: composite.version });
      const layers = label(config, "io.buildpacks.buildpack.layers");
      expect(Object.keys(layers).sort()).toEqual([composite.id, ...members.keys()].sort());
      const layerOf = (id: string, version: string) => manifest.layers[config.rootfs.diff_ids.indexOf(layers[id][version].layerDiffID)]?.digest ?? "";
      // The composite's own layer: its staged dir, nothing from order/.
      expect(layerFiles(await saveBlob(repo, layerOf(composite.id, composite.version)))).toEqual(
        buildpackLayer(composite.id, composite.version, ["buildpack.toml", "package.toml"]),
      );
      // Each signature for this target: the layer of that arch's .cnb.
      for (const { id, version, name } of signatures) {
        expect(layers[id][version].layerDiffID).toBe(openCnb(cnbFile(name, version, platform.architecture)).config.rootfs.diff_ids[0]);
      }
    }
  });
});
