import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
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

/** A throwaway copy of a fixture module: generation writes into the copy, never the fixture. */
export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `go-codegen-${name}-`));
  await cp(join(__dirname, "fixtures", name), dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  logs: string[];
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
}

/** Resolves once the server has logged a line containing text (output can trail the response). */
export async function waitForLog(server: RunningServer, text: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.logs.some((line) => line.includes(text))) {
    if (Date.now() > deadline) throw new Error(`no log line with ${JSON.stringify(text)} within ${timeoutMs}ms:\n${server.logs.join("\n")}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Starts a built server on a free port (PORT=0), without a drain delay unless env sets one, and resolves once its startup line says where. */
export function startServer(binary: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const child = spawn(binary, [], { env: { ...process.env, PORT: "0", FNPACKS_DRAIN_DELAY: "0s", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const logs: string[] = [];
  const exited = new Promise<number | string>((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? -1)));
  child.stderr.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      logs.push(line);
      const record = parseJson(line);
      if (record?.msg === "serving function") {
        const port = String(record.address).split(":").pop();
        resolve({ url: `http://127.0.0.1:${port}`, process: child, logs, exited });
      }
    });
    void exited.then((code) => reject(new Error(`${binary} exited (${code}) before serving:\n${logs.join("\n")}`)));
  });
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
