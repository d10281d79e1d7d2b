import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DevkitError } from "../src";
import { checkImageDestination, checkImageTarget, checkLayoutDir } from "../src/image-export";
import { writeImageLayout } from "../src/oci-layout";
import { tar } from "../src/tar";

// Where `--image` may leave an image: checked before any build, and refused with what, where and
// the fix when the dir holds anything but an OCI image layout.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-image-dest-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function refusal(path: string): Promise<string> {
  const error = await checkImageDestination(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DevkitError);
  return (error as DevkitError).format();
}

it("takes a dir to make (parents too), an empty dir, or an OCI image layout, as absolute paths", async () => {
  expect(await checkImageDestination(join(dir, "new", "image"))).toBe(join(dir, "new", "image"));
  expect(await checkImageDestination(dir)).toBe(dir);
  await writeImageLayout(join(dir, "layout"), {
    refName: "v1",
    layers: [tar([{ path: "a", type: "file", mode: 0o644, content: "a" }])],
    config: { architecture: "amd64", os: "linux", config: {} },
  });
  expect(await checkImageDestination(join(dir, "layout"))).toBe(join(dir, "layout"));
  await expect(readdir(join(dir, "new"))).rejects.toThrow(/ENOENT/); // checking makes nothing
});

it("refuses a non-empty dir that is no OCI layout, and leaves its files alone", async () => {
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "src", "main.go"), "package main\n");
  const message = await refusal(join(dir, "src"));
  expect(message).toBe(
    [
      `--image ${join(dir, "src")} is not empty and is not an OCI image layout (it has no oci-layout file): devkit writes images only into a layout of its own`,
      `  at ${join(dir, "src")}`,
      `  fix: pass a new or empty directory, or an OCI image layout to add the image to; nothing in ${join(dir, "src")} was touched`,
    ].join("\n"),
  );
  expect(await readdir(join(dir, "src"))).toEqual(["main.go"]);
  expect(await readFile(join(dir, "src", "main.go"), "utf8")).toBe("package main\n");
});

it("refuses a file, a path under a file, and a layout whose index is damaged", async () => {
  await writeFile(join(dir, "image.tar"), "not a dir");
  expect(await refusal(join(dir, "image.tar"))).toMatch(/^--image .*image\.tar is a file, not a directory\n {2}at .*\n {2}fix: pass a new or empty directory/);
  expect(await refusal(join(dir, "image.tar", "x"))).toMatch(/^--image .*image\.tar\/x cannot be made: .*image\.tar is a file/);
  await mkdir(join(dir, "broken"));
  await writeFile(join(dir, "broken", "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  expect(await refusal(join(dir, "broken"))).toMatch(/broken\/index\.json cannot be read as an OCI image index/);
});

it("needs a layout dir whose path the lifecycle accepts in an image reference", () => {
  expect(() => checkLayoutDir("/tmp/fnpacks-devkit-0a1b2c/layout")).not.toThrow();
  expect(() => checkLayoutDir("/tmp/Fnpacks/layout")).toThrow(DevkitError);
  expect(() => checkLayoutDir("/tmp/with space/layout")).toThrow("is not a path the lifecycle accepts in an image reference");
});

it("exports only for the arch devkit compiles for: this machine's", () => {
  const host = { os: "linux", arch: "amd64" };
  expect(() => checkImageTarget({ os: "linux", arch: "amd64" }, host)).not.toThrow();
  const error = (() => {
    try {
      checkImageTarget({ os: "linux", arch: "arm64" }, host);
    } catch (e) {
      return e as DevkitError;
    }
  })();
  expect(error?.format()).toBe(
    "--image with target linux/arm64: devkit builds linux/amd64 binaries on this machine\n" +
      "  fix: leave out --arch to export a linux/amd64 image; build other platforms' images with pack or kpack on a real builder",
  );
});
