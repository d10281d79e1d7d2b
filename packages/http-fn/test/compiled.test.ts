import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { runCompiled, useWorkspaces } from "@fnpacks/cnb/testing";

// The self-contained executables `pnpm build` left in dist/buildpack, run with no node on PATH:
// the WASM grammar and the Go runtime sources must be inside them.
const workspace = useWorkspaces(join(__dirname, ".."), afterAll);

it("bin/detect then bin/build wrap the sample function", async () => {
  const ws = await workspace("../../../../samples/go/http-hello");
  const detect = await runCompiled("detect", ws);
  expect(detect).toMatchObject({ code: 0, stdout: "", stderr: "" });
  expect(await ws.detectPlan()).toMatchObject({ requires: [{ metadata: { candidates: [{ name: "Handler", shape: "handler-func" }] } }] });
  await ws.planBuildFromDetect();
  const build = await runCompiled("build", ws);
  expect(build.stderr).toBe("");
  expect(build.code).toBe(0);
  expect(build.stdout).toMatch(/^fnpacks Go HTTP Function Buildpack 0\.1\.0\n {2}Wrapping the HTTP function Handler of example\.com\/hello\n/);
  expect(await readFile(join(ws.layersDir, "go-targets", "env.build", "BP_GO_TARGETS.override"), "utf8")).toBe("./fnpacks-generated/server");
  expect(await readFile(join(ws.appDir, "fnpacks-generated", "fnruntime", "server.go"), "utf8")).toContain("package fnruntime");
});

it("bin/detect fails quietly (exit 100, nothing on stderr) for a plain Go app", async () => {
  const detect = await runCompiled("detect", await workspace("main-app"));
  expect(detect.code).toBe(100);
  expect(detect.stderr).toBe("");
  expect(detect.stdout).toContain("is package main");
});
