import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { explainApp, inCompositeOrder, signaturePackages } from "@fnpacks/devkit";

// `fnpacks explain` runs each signature's own detect; its verdicts must be those of the
// compiled bin/detect the lifecycle runs, for every sample and near miss. The signatures come
// from the registry: a new signature package is covered here without an edit.
jest.setTimeout(120_000);
const execFileAsync = promisify(execFile);
const root = join(__dirname, "..", "..");
const apps = [
  ...["http-hello", "http-router", "http-knative", "http-vendored", "cloudevents-echo", "cloudevents-sink"].map((s) => join(root, "samples", "go", s)),
  join(__dirname, "fixtures", "both"),
  join(__dirname, "fixtures", "method-only"),
  join(root, "packages", "devkit", "test", "fixtures", "plain-app"),
];
const signatures = inCompositeOrder(signaturePackages(root));

async function compiledDetect(packageDir: string, appDir: string): Promise<number> {
  const work = await mkdtemp(join(tmpdir(), "explain-detect-"));
  const buildpack = join(packageDir, "dist", "buildpack");
  try {
    await execFileAsync(join(buildpack, "bin", "detect"), [], {
      cwd: appDir,
      env: {
        PATH: "/usr/bin:/bin",
        CNB_BUILDPACK_DIR: buildpack,
        CNB_PLATFORM_DIR: work,
        CNB_BUILD_PLAN_PATH: join(work, "plan.toml"),
        CNB_TARGET_OS: "linux",
        CNB_TARGET_ARCH: "amd64",
      },
    });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

it("the registry finds every signature package, in the composite's order", () => {
  expect(signatures.map((s) => s.signature.planName)).toEqual(["fnpacks-go-cloudevents-function", "fnpacks-go-http-function"]);
});

it.each(apps)("explain %s gives each compiled bin/detect's verdict", async (appDir) => {
  const explanations = await explainApp({ appDir, signatures });
  for (const [i, explanation] of explanations.entries()) {
    const code = await compiledDetect(signatures[i]?.dir ?? "", appDir);
    expect([explanation.kind, explanation.verdict]).toEqual([explanation.kind, code === 0 ? "pass" : code === 100 ? "fail" : "error"]);
  }
});

it("explains a near miss: the method and the unexported function, with where they are", async () => {
  const [cloudEvents, http] = await explainApp({ appDir: join(__dirname, "fixtures", "method-only"), signatures });
  expect(cloudEvents).toMatchObject({ verdict: "fail", reason: "go.mod does not require github.com/cloudevents/sdk-go/v2" });
  expect(http).toMatchObject({ verdict: "fail", reason: "no HTTP function in example.com/methodonly" });
  expect(http?.lines).toEqual(
    expect.arrayContaining([
      expect.stringContaining("fn.go:8: Handle is not a candidate: method (has a receiver)"),
      expect.stringContaining("fn.go:10: handle is not a candidate: not exported"),
    ]),
  );
});

it("the CLI prints one verdict per signature and exits 0 when one passes", async () => {
  const cli = join(root, "packages", "devkit", "dist", "cli.js");
  const { stdout } = await execFileAsync(process.execPath, [cli, "explain", join(root, "samples", "go", "http-hello")]);
  expect(stdout).toMatch(/^CloudEvents function: no — go\.mod does not require github\.com\/cloudevents\/sdk-go\/v2\n/);
  expect(stdout).toContain("\n\nHTTP function: yes — Handler (hello.go:10, handler-func)\n");
});
