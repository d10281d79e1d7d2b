import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** Runs the real go command in dir; rejects with its output on failure. */
export async function go(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout, stderr } = await exec("go", args, { cwd: dir, env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  return stdout + stderr;
}

/** The files under path (relative to dir) that gofmt would change: empty when all are clean. */
export async function gofmtUnformatted(dir: string, path: string): Promise<string> {
  const { stdout } = await exec("gofmt", ["-l", path], { cwd: dir });
  return stdout;
}

/**
 * A throwaway copy of the fixture module `name` in fixturesDir (a test's own fixtures, e.g.
 * `join(__dirname, "fixtures")`): generation writes into the copy, never the fixture.
 */
export async function copyFixture(fixturesDir: string, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `fnpacks-${basename(name)}-`));
  await cp(join(fixturesDir, name), dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
