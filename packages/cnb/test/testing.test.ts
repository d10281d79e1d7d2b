import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeBuildContext, fakeDetectContext, runInProcess, Workspace } from "../src/testing";

test("fake contexts are complete and take overrides; their logger writes where told", () => {
  let out = "";
  const detect = fakeDetectContext({ appDir: "/tmp/x/app", env: { BP_A: "1" }, write: (t) => (out += t), debug: true });
  expect(detect).toMatchObject({ appDir: "/tmp/x/app", platformDir: "/tmp/x/platform", target: { os: "linux", arch: "amd64" }, env: { BP_A: "1" } });
  detect.logger.debug("seen");
  expect(out).toContain("seen");
  expect(fakeBuildContext({ appDir: "/tmp/x/app" })).toMatchObject({ plan: [], layers: expect.anything() });
});

test("runInProcess runs a phase as bin/<phase> would, in a workspace around a copy of the app", async () => {
  const source = await mkdtemp(join(tmpdir(), "cnb-testing-"));
  try {
    await writeFile(join(source, "marker"), "x");
    const ws = await Workspace.of(join(__dirname, "sample-buildpack"), source);
    const result = await runInProcess(
      { detect: async ({ appDir }) => (appDir === ws.appDir ? { pass: true } : { pass: false, reason: appDir }), build: async () => ({}) },
      "detect",
      ws,
    );
    expect(result).toEqual({ code: 0, stdout: "", stderr: "" });
    await ws.remove();
  } finally {
    await rm(source, { recursive: true, force: true });
  }
});
