import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@fnpacks/devkit";

// `fnpacks run` as a user runs it in a terminal, with the composite order: it never calls the
// function to see whether it is up, a Ctrl-C (SIGINT to the whole foreground process group)
// makes exactly one graceful shutdown, and a run that never comes up leaves no build dir.
jest.setTimeout(15 * 60_000);

const cli = join(__dirname, "..", "..", "packages", "devkit", "dist", "cli.js");
const fixtures = join(__dirname, "fixtures");
let tmp: string;
beforeEach(async () => {
  // devkit's build dirs go to TMPDIR: a private one shows what a run leaves behind. The build
  // user (when the tests run as root) must reach it.
  tmp = await mkdtemp(join(tmpdir(), "fnpacks-cli-run-"));
  await chmod(tmp, 0o755);
});
afterEach(() => rm(tmp, { recursive: true, force: true }));

/** devkit leading a process group of its own, as a shell runs a foreground job. */
function run(app: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, "run", app, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: { ...process.env, TMPDIR: tmp },
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exited: new Promise((resolve) => child.on("close", resolve)) };
}

async function until(condition: () => boolean, what: string, output: () => string): Promise<void> {
  for (let i = 0; i < 6000 && !condition(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!condition()) throw new Error(`no ${what}:\n${output()}`);
}

it("is up without calling the function, and one Ctrl-C to the terminal's process group drains once and exits 0", async () => {
  const port = await freePort();
  const { child, output, exited } = run(join(fixtures, "counting-fn"), port);
  try {
    await until(() => output().includes(`Serving on http://127.0.0.1:${port}`), "Serving on", output);
    expect(output()).not.toContain("counting: handled");
    expect(await (await fetch(`http://127.0.0.1:${port}/mine`)).text()).toBe("counted\n");
    await until(() => output().includes("counting: handled /mine"), "request log", output);
    process.kill(-(child.pid as number), "SIGINT"); // what the terminal does on Ctrl-C
    expect(await exited).toBe(0);
    expect(output().match(/counting: handled/g)).toHaveLength(1);
    expect(output().match(/"msg":"shutting down: readiness fails at once"/g)).toHaveLength(1);
    expect(output()).toContain('"msg":"stopped"');
    expect(output()).not.toContain("second signal");
    expect(await readdir(tmp)).toEqual([]);
  } finally {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // the group is gone: everything exited
    }
  }
});

it("a run that never comes up says so and leaves no build dir", async () => {
  const port = await freePort();
  const { output, exited } = run(join(fixtures, "exits-at-once"), port);
  expect(await exited).toBe(0);
  expect(output()).toContain("exits-at-once: nothing to serve");
  expect(output()).toContain(`the app exited (0) before it was up on port ${port}`);
  expect(await readdir(tmp)).toEqual([]);
});
