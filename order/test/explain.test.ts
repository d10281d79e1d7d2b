import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { explainApp, inCompositeOrder, isExplainerPackage, signaturePackages } from "@fnpacks/devkit";

// `fnpacks explain` runs each signature's own detect; its verdicts must be those of the
// compiled bin/detect the lifecycle runs, for every sample and near miss. The signatures come
// from the registry: a new signature package is covered here without an edit.
jest.setTimeout(120_000);
const execFileAsync = promisify(execFile);
const root = join(__dirname, "..", "..");
const samples = join(root, "samples", "go");
const apps = [
  ...readdirSync(samples).map((sample) => join(samples, sample)),
  ...["both", "method-only", "mcp-and-http"].map((fixture) => join(__dirname, "fixtures", fixture)),
  join(root, "packages", "mcp-fn", "test", "fixtures", "near-misses"),
  join(root, "packages", "devkit", "test", "fixtures", "plain-app"),
];
const signatures = inCompositeOrder(signaturePackages(root));
const explanationOf = (explanations: Awaited<ReturnType<typeof explainApp>>, kind: string) => explanations.find((e) => e.kind === kind);

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

it("the registry finds every package with a buildpack.toml but the explainer's, in the composite's order", () => {
  const packages = join(root, "packages");
  const withBuildpack = readdirSync(packages).filter((name) => existsSync(join(packages, name, "buildpack.toml")) && !isExplainerPackage(join(packages, name)));
  expect(readdirSync(packages).filter((name) => existsSync(join(packages, name, "buildpack.toml")) && isExplainerPackage(join(packages, name)))).toEqual(["go-function-explainer"]);
  expect(signatures.map((s) => s.dir).sort()).toEqual(withBuildpack.map((name) => join(packages, name)).sort());
  const composite = readFileSync(join(root, "order", "buildpack.toml"), "utf8");
  const idOf = (dir: string) => /\bid\s*=\s*"([^"]+)"/.exec(readFileSync(join(dir, "buildpack.toml"), "utf8"))?.[1] ?? "";
  const firstGroup = signatures.map((s) => composite.indexOf(`id = "${idOf(s.dir)}"`));
  expect(firstGroup.every((at) => at > 0)).toBe(true);
  expect(firstGroup).toEqual([...firstGroup].sort((a, b) => a - b));
});

it.each(apps)("explain %s gives each compiled bin/detect's verdict", async (appDir) => {
  const explanations = await explainApp({ appDir, signatures });
  for (const [i, explanation] of explanations.entries()) {
    const code = await compiledDetect(signatures[i]?.dir ?? "", appDir);
    expect([explanation.kind, explanation.verdict]).toEqual([explanation.kind, code === 0 ? "pass" : code === 100 ? "fail" : "error"]);
  }
});

it("explains a near miss: the method and the unexported function, with where they are", async () => {
  const explanations = await explainApp({ appDir: join(__dirname, "fixtures", "method-only"), signatures });
  expect(explanationOf(explanations, "CloudEvents function")).toMatchObject({ verdict: "fail", reason: "go.mod does not require github.com/cloudevents/sdk-go/v2" });
  expect(explanationOf(explanations, "MCP tool")).toMatchObject({ verdict: "fail", reason: "go.mod does not require github.com/modelcontextprotocol/go-sdk" });
  const http = explanationOf(explanations, "HTTP function");
  expect(http).toMatchObject({ verdict: "fail", reason: "no HTTP function in example.com/methodonly" });
  expect(http?.lines).toEqual(
    expect.arrayContaining([
      expect.stringContaining("fn.go:8: Handle is not a candidate: method (has a receiver)"),
      expect.stringContaining("fn.go:10: handle is not a candidate: not exported"),
    ]),
  );
});

it("explains MCP near misses: each function that looks like a tool and is not, with why, beside the tools it plans", async () => {
  const explanations = await explainApp({ appDir: join(root, "packages", "mcp-fn", "test", "fixtures", "near-misses"), signatures });
  const mcp = explanationOf(explanations, "MCP tool");
  expect(mcp).toMatchObject({ verdict: "pass", candidates: [{ name: "Echo", shape: "tool" }, { name: "Shout", shape: "tool" }] });
  expect(mcp?.lines).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/tools\.go:\d+: TwoResults is not a candidate: returns 2 results/),
      expect.stringMatching(/tools\.go:\d+: ByValue is not a candidate: takes mcp\.CallToolRequest by value/),
      expect.stringMatching(/tools\.go:\d+: Slice is not a candidate: its input type \[\]string is a slice or an array/),
      expect.stringMatching(/tools\.go:\d+: hidden is not a candidate: not exported/),
      expect.stringMatching(/tools\.go:\d+: Method is not a candidate: method \(has a receiver\)/),
    ]),
  );
});

it("the CLI prints one verdict per signature and exits 0 when one passes", async () => {
  const cli = join(root, "packages", "devkit", "dist", "cli.js");
  const { stdout } = await execFileAsync(process.execPath, [cli, "explain", join(root, "samples", "go", "http-hello")]);
  expect(stdout).toMatch(/^MCP tool: no — go\.mod does not require github\.com\/modelcontextprotocol\/go-sdk\n/);
  expect(stdout).toContain("\n\nCloudEvents function: no — go.mod does not require github.com/cloudevents/sdk-go/v2\n");
  expect(stdout).toContain("\n\nHTTP function: yes — Handler (hello.go:10, handler-func)\n");
  const tools = await execFileAsync(process.execPath, [cli, "explain", join(root, "samples", "go", "mcp-tools")]);
  expect(tools.stdout).toMatch(/^MCP tool: yes — Forecast \(weather\.go:35, tool\); Convert \(weather\.go:67, tool\) — one server serves them all\n/);
});
