import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { freePort, GO_BUILD, GO_DIST_STANDIN } from "../src";

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

async function until(condition: () => boolean, child: ChildProcess): Promise<void> {
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the CLI exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
