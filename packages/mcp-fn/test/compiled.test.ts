import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCompiled, useWorkspaces } from "@fnpacks/cnb/testing";

// The self-contained executables `pnpm build` left in dist/buildpack: the WASM grammar and the Go
// runtime sources must be inside them. Build asks go about the module, as go-dist's go on PATH.
jest.setTimeout(120_000);
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);
const goBin = join(execFileSync("go", ["env", "GOROOT"], { encoding: "utf8" }).trim(), "bin");
const goEnv = { PATH: `${goBin}:/usr/bin:/bin`, HOME: process.env.HOME ?? "/root", ...(process.env.GOPROXY ? { GOPROXY: process.env.GOPROXY } : {}) };

it("bin/detect then bin/build serve the sample's tools, asking go whether the module provides the SDK", async () => {
  const ws = await workspace("../../../../samples/go/mcp-tools");
  expect(await runCompiled("detect", ws)).toMatchObject({ code: 0, stdout: "", stderr: "" });
  expect(await ws.detectPlan()).toMatchObject({
    requires: [{ metadata: { candidates: [{ name: "Forecast", shape: "tool", details: { description: expect.stringMatching(/^Forecast returns/) } }, { name: "Convert" }] } }],
  });
  await ws.planBuildFromDetect();
  const build = await runCompiled("build", ws, goEnv);
  expect(build).toMatchObject({ code: 0, stderr: "" });
  expect(build.stdout).toMatch(/^fnpacks Go MCP Tools Buildpack 0\.1\.0\n {2}Wrapping the MCP tools Forecast, Convert of example\.com\/weather\n/);
  expect(build.stdout).not.toContain("Warning");
  expect(await readFile(join(ws.appDir, "fnpacks-generated", "server", "main.go"), "utf8")).toContain('Description: "Convert converts a temperature between Celsius and Fahrenheit."');
});

it("bin/detect fails quietly (exit 100, nothing on stderr) for a package main MCP server", async () => {
  const detect = await runCompiled("detect", await workspace("main-app"));
  expect(detect.code).toBe(100);
  expect(detect.stderr).toBe("");
  expect(detect.stdout).toContain("is package main");
});
