import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DevkitError } from "../src";
import { addImage, blobPath, layoutState, readIndex, writeImageLayout } from "../src/oci-layout";
import { layoutPathFor, RUN_STANDIN, runStandinLayer, runToml, writeRunStandin } from "../src/run-image";
import { tar } from "../src/tar";
import { listLayer, readLayoutImage, unpackLayer } from "../src/testing/oci-image";

// OCI image layouts as devkit writes them (the run image stand-in) and merges them into the
// user's dir; read back with checks of every digest, and layers listed by GNU tar.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-oci-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const image = (text: string, refName = "latest") => ({
  refName,
  layers: [tar([{ path: "hello.txt", type: "file", mode: 0o644, content: text }])],
  config: { architecture: "amd64", os: "linux", config: { Labels: { text } } },
});

it("writes tars GNU tar reads: dirs, files with owners and modes, symlinks", async () => {
  const layer = tar([
    { path: "etc", type: "dir", mode: 0o755 },
    { path: "etc/passwd", type: "file", mode: 0o644, content: "root:x:0:0::/root:/sbin/nologin\n" },
    { path: "home/cnb", type: "dir", mode: 0o750, uid: 1000, gid: 1001 },
    { path: "tmp", type: "dir", mode: 0o1777 },
    { path: "bin/app", type: "symlink", mode: 0o777, link: "/cnb/lifecycle/launcher" },
  ]);
  await writeImageLayout(dir, { refName: "t", layers: [layer], config: { architecture: "arm64", os: "linux", config: {} } });
  const { manifest } = await readLayoutImage(dir, "t");
  expect(listLayer(dir, manifest.layers[0])).toEqual([
    "drwxr-xr-x 0/0 etc/",
    "-rw-r--r-- 0/0 etc/passwd",
    "drwxr-x--- 1000/1001 home/cnb/",
    "drwxrwxrwt 0/0 tmp/",
    "lrwxrwxrwx 0/0 bin/app -> /cnb/lifecycle/launcher",
  ]);
  const unpacked = await unpackLayer(dir, manifest.layers[0]);
  expect(await readFile(join(unpacked, "etc", "passwd"), "utf8")).toBe("root:x:0:0::/root:/sbin/nologin\n");
  await rm(unpacked, { recursive: true, force: true });
});

it("makes the same bytes from the same entries (so the stand-in's digest is stable)", () => {
  expect(runStandinLayer({ uid: 1000, gid: 1000 }).equals(runStandinLayer({ uid: 1000, gid: 1000 }))).toBe(true);
  expect(runStandinLayer({ uid: 1000, gid: 1000 }).equals(runStandinLayer({ uid: 1001, gid: 1000 }))).toBe(false);
});

describe("the run image stand-in", () => {
  it("lives where the lifecycle looks for it in a layout dir, and run.toml names it", () => {
    // imgutil's ParseRefToPath: <registry>/<repository>/<tag>, Docker Hub's names filled in.
    expect(layoutPathFor(RUN_STANDIN)).toBe("index.docker.io/fnpacks-devkit/run-standin/latest");
    expect(layoutPathFor("app:v1")).toBe("index.docker.io/library/app/v1");
    expect(() => layoutPathFor("ghcr.io/x/y")).toThrow("not an image name devkit lays out");
    expect(runToml()).toBe('[[images]]\n  image = "fnpacks-devkit/run-standin"\n');
  });

  it("is one small layer of users and /tmp, the target's os/arch, the build user and PATH", async () => {
    await writeRunStandin(dir, { os: "linux", arch: "arm64" }, { uid: 1000, gid: 1001 });
    const layout = join(dir, layoutPathFor(RUN_STANDIN));
    const { config, manifest } = await readLayoutImage(layout);
    expect(config).toMatchObject({
      architecture: "arm64",
      os: "linux",
      config: {
        User: "1000:1001",
        Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
        Labels: { "io.buildpacks.base.id": RUN_STANDIN, "io.buildpacks.base.description": expect.stringContaining("not for production") },
      },
    });
    expect(manifest.layers).toHaveLength(1);
    expect(listLayer(layout, manifest.layers[0])).toEqual([
      "drwxr-xr-x 0/0 etc/",
      "-rw-r--r-- 0/0 etc/passwd",
      "-rw-r--r-- 0/0 etc/group",
      "drwxr-xr-x 0/0 home/",
      "drwxr-xr-x 1000/1001 home/cnb/",
      "drwxrwxrwt 0/0 tmp/",
    ]);
    const unpacked = await unpackLayer(layout, manifest.layers[0]);
    expect(await readFile(join(unpacked, "etc", "passwd"), "utf8")).toContain("\ncnb:x:1000:1001:cnb:/home/cnb:/sbin/nologin\n");
    expect(await readFile(join(unpacked, "etc", "group"), "utf8")).toBe("root:x:0:\ncnb:x:1001:\n");
    await rm(unpacked, { recursive: true, force: true });
  });
});

describe("adding an image to a layout", () => {
  it("makes the layout when the dir is new: oci-layout, index.json, the image's blobs only", async () => {
    const from = join(dir, "from");
    const descriptor = await writeImageLayout(from, image("one"));
    await writeFile(join(from, "blobs", "sha256", "0".repeat(64)), "an unrelated blob");
    const to = join(dir, "to");
    await mkdir(to);
    await addImage(from, descriptor, to);
    const { config, index } = await readLayoutImage(to);
    expect(config.config.Labels).toEqual({ text: "one" });
    expect(index.manifests).toEqual([descriptor]);
    expect(await readdir(join(to, "blobs", "sha256"))).toHaveLength(3); // manifest, config, layer
  });

  it("replaces the entry of the same tag, keeps other images and every blob, and leaves no temp file", async () => {
    const to = join(dir, "to");
    const first = await writeImageLayout(to, image("first"));
    const other = await writeImageLayout(join(dir, "other"), image("other", "v1"));
    await addImage(join(dir, "other"), other, to);
    const second = await writeImageLayout(join(dir, "second"), image("second"));
    await addImage(join(dir, "second"), second, to);

    // The same image under another tag is another entry, and stays.
    await addImage(join(dir, "second"), { ...second, annotations: { "org.opencontainers.image.ref.name": "v2" } }, to);
    await addImage(join(dir, "second"), second, to);

    const index = await readIndex(to);
    expect(index.manifests.map((m) => [m.annotations?.["org.opencontainers.image.ref.name"], m.digest])).toEqual([
      ["v1", other.digest],
      ["v2", second.digest],
      ["latest", second.digest],
    ]);
    expect((await readLayoutImage(to)).config.config.Labels).toEqual({ text: "second" });
    expect((await readLayoutImage(to, "v1")).config.config.Labels).toEqual({ text: "other" });
    // The replaced image's blobs stay: devkit deletes nothing in the user's dir.
    expect(await readFile(blobPath(to, first.digest), "utf8")).toContain('"schemaVersion":2');
    expect((await readdir(to)).sort()).toEqual(["blobs", "index.json", "oci-layout"]);
  });
});

describe("what a dir is, for an image", () => {
  it("tells absent, empty, layout, other files and a file apart", async () => {
    expect(await layoutState(join(dir, "nope"))).toBe("absent");
    expect(await layoutState(dir)).toBe("empty");
    await writeFile(join(dir, "notes.txt"), "mine");
    expect(await layoutState(dir)).toBe("not-a-layout");
    expect(await layoutState(join(dir, "notes.txt"))).toBe("not-a-dir");
    await writeImageLayout(join(dir, "l"), image("x"));
    expect(await layoutState(join(dir, "l"))).toBe("layout");
  });

  it("refuses an index.json that is not an image index, saying where", async () => {
    await writeFile(join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
    await writeFile(join(dir, "index.json"), '{"manifests": "none"}');
    const error = await readIndex(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DevkitError);
    expect((error as DevkitError).format()).toMatch(/index\.json is not an OCI image index[\s\S]*at .*index\.json[\s\S]*fix: pass a new or empty dir/);
    await writeFile(join(dir, "index.json"), "{not json");
    await expect(readIndex(dir)).rejects.toThrow("cannot be read as an OCI image index");
  });
});
