import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, GO_BUILD, GO_DIST_STANDIN, GO_MOD_VENDOR_STANDIN } from "../src";
import { blobPath } from "../src/oci-layout";
import { readLayoutImage } from "../src/testing/oci-image";

// The fnpacks CLI, as a user runs it: the real lifecycle, the real launcher, real HTTP.
jest.setTimeout(15 * 60_000);

const cli = join(__dirname, "..", "dist", "cli.js");
const plainApp = join(__dirname, "fixtures", "plain-app");
const goGroup = ["--buildpack", GO_DIST_STANDIN, "--buildpack", GO_BUILD];

it("`fnpacks build` prints the build log and the group detection picked", () => {
  const result = spawnSync(process.execPath, [cli, "build", plainApp, ...goGroup], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("devkit stand-in for Paketo Go Distribution");
  expect(result.stdout).toMatch(/Running 'go build .*'/);
  expect(result.stdout).toContain(
    `Built ${plainApp} with the group detection picked:\n  fnpacks-devkit/go-dist-standin 0.0.1\n  paketo-buildpacks/go-build 1.1.4\n`,
  );
});

it("--buildpack takes the go-mod-vendor stand-in by name, as the group a real builder picks for an app with go.mod", () => {
  const app = join(__dirname, "fixtures", "uuid-app");
  const group = ["--buildpack", GO_DIST_STANDIN, "--buildpack", GO_MOD_VENDOR_STANDIN, "--buildpack", GO_BUILD];
  const result = spawnSync(process.execPath, [cli, "build", app, ...group], { encoding: "utf8" });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("devkit stand-in for Paketo Go Mod Vendor\n  Executing build process\n    Running 'go mod vendor'\n");
  expect(result.stdout).toContain(
    `Built ${app} with the group detection picked:\n  fnpacks-devkit/go-dist-standin 0.0.1\n  fnpacks-devkit/go-mod-vendor-standin 0.0.1\n  paketo-buildpacks/go-build 1.1.4\n`,
  );
});

it("`fnpacks run` serves the app on --port until Ctrl-C, which it passes to the app", async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [cli, "run", plainApp, "--port", String(port), ...goGroup], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    await until(() => output.includes(`Serving on http://127.0.0.1:${port} (Ctrl-C to stop)`), child);
    expect(await (await fetch(`http://127.0.0.1:${port}/?name=cli`)).text()).toBe("plain app says hello to cli");
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  } finally {
    child.kill("SIGKILL");
  }
});

it("says what is wrong with an option, without a stack trace", () => {
  const result = spawnSync(process.execPath, [cli, "build", plainApp, "-e", "NOEQUALS"], { encoding: "utf8" });
  expect(result.status).toBe(1);
  expect(result.stderr).toBe("--env NOEQUALS is not KEY=VALUE\n  fix: write it as e.g. -e BP_LOG_LEVEL=DEBUG\n");
  const unknown = spawnSync(process.execPath, [cli, "build", plainApp, "--frobnicate"], { encoding: "utf8" });
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^Unknown option '--frobnicate'[\s\S]*usage:/);
});

describe("`fnpacks build --image <dir>`", () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "devkit-cli-image-"));
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  const build = (image: string, ...more: string[]) =>
    spawnSync(process.execPath, [cli, "build", plainApp, ...goGroup, "--image", image, ...more], { encoding: "utf8" });
  const printedDigest = (stdout: string) => /^Image \(OCI image layout\): .*\n {2}(sha256:[0-9a-f]{64}) \(tag "latest"/m.exec(stdout)?.[1];

  it("leaves the image in an OCI layout, says how to push it, and replaces it (tag latest) when built again", async () => {
    const image = join(out, "image");
    const first = build(image);
    expect(first.stderr).toBe("");
    expect(first.status).toBe(0);
    const digest = printedDigest(first.stdout);
    expect(first.stdout).toContain(`Image (OCI image layout): ${image}\n  ${digest} (tag "latest"; its run image is devkit's stand-in, with no OS files)\n`);
    expect(first.stdout).toContain(`  push it with: crane push ${image} <registry>/<name>:<tag>\n     or with: skopeo copy oci:${image}:latest docker://<registry>/<name>:<tag>\n`);
    const built = await readLayoutImage(image);
    expect(built.descriptor.digest).toBe(digest);
    expect(built.config.config.Entrypoint).toEqual(["/cnb/process/plain"]);

    // The second build's image takes the tag; the first one's blobs stay (nothing is deleted).
    const second = build(image);
    expect(second.status).toBe(0);
    const again = await readLayoutImage(image);
    expect(again.index.manifests).toEqual([again.descriptor]);
    expect(again.descriptor.digest).toBe(printedDigest(second.stdout));
    expect(again.descriptor.digest).not.toBe(digest); // another build dir, so other paths in the layers
    expect(existsSync(blobPath(image, digest as string))).toBe(true);
  });

  it("refuses a dir of other files before building, and changes nothing in it", async () => {
    const mine = join(out, "mine");
    await mkdir(mine);
    await writeFile(join(mine, "go.mod"), "module mine\n");
    const result = build(mine);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `--image ${mine} is not empty and is not an OCI image layout (it has no oci-layout file): devkit writes images only into a layout of its own\n` +
        `  at ${mine}\n  fix: pass a new or empty directory, or an OCI image layout to add the image to; nothing in ${mine} was touched\n`,
    );
    expect(await readdir(mine)).toEqual(["go.mod"]);
    expect(await readFile(join(mine, "go.mod"), "utf8")).toBe("module mine\n");
  });

  it("is an option of build only", () => {
    const result = spawnSync(process.execPath, [cli, "run", plainApp, "--image", join(out, "x")], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`--image is an option of \`fnpacks build\`, not of \`fnpacks run\`\n  fix: run \`fnpacks build ${plainApp} --image ${join(out, "x")}\`\n`);
  });
});

async function until(condition: () => boolean, child: ChildProcess): Promise<void> {
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the CLI exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
