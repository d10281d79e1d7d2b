import { type ChildProcess, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { parseToml } from "@fnpacks/cnb";
import { PLATFORM_API } from "./platform-api";

export interface StartOptions {
  /** Default: a free port. */
  port?: number;
  /** Runtime env for the app, on top of PORT. */
  env?: Record<string, string>;
  /** The process type to launch; default: the build's default process. */
  processType?: string;
  /** Each line the app prints. */
  log?: (line: string) => void;
}

export interface RunningApp {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  process: ChildProcess;
  /** Every line printed so far, stdout and stderr. */
  logs: string[];
  /** Resolves with the exit code, or the signal's name. */
  exited: Promise<number | string>;
  /** Resolves with the first HTTP response from path (any status); rejects if the app exits first. */
  waitForHttp(path?: string, timeoutMs?: number): Promise<Response>;
  signal(signal: NodeJS.Signals): void;
  /** Resolves with the exit code, or the signal's name, once the process has exited. */
  wait(): Promise<number | string>;
  /** SIGKILL at once; resolves with how it exited. */
  kill(): Promise<number | string>;
  /** SIGTERM, then SIGKILL after timeoutMs; resolves with how it exited. */
  stop(timeoutMs?: number): Promise<number | string>;
}

interface LaunchOptions extends StartOptions {
  launcher: string;
  appDir: string;
  layersDir: string;
  home: string;
  path: string;
  uid?: number;
  gid?: number;
}

/**
 * Starts the built app through the real launcher. The launcher takes the process type from
 * argv[0], as from an image's /cnb/process/<type> entrypoint; by default the one the builder
 * recorded as the buildpacks' default, which an exporter would make the image's entrypoint.
 */
export async function startApp(options: LaunchOptions): Promise<RunningApp> {
  const port = options.port ?? (await freePort());
  const processType = options.processType ?? (await defaultProcessType(options.layersDir));
  const child = spawn(options.launcher, [], {
    argv0: processType,
    cwd: options.appDir,
    env: {
      PATH: options.path,
      HOME: options.home,
      CNB_PLATFORM_API: PLATFORM_API,
      CNB_LAYERS_DIR: options.layersDir,
      CNB_APP_DIR: options.appDir,
      PORT: String(port),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  const logs: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      logs.push(line);
      options.log?.(line);
    });
  }
  const exited = new Promise<number | string>((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? -1)));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    process: child,
    logs,
    exited,
    async waitForHttp(path = "/", timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (done) throw new Error(`the app exited (${await exited}) before answering:\n${logs.join("\n")}`);
        try {
          return await fetch(url + path);
        } catch {
          if (Date.now() > deadline) throw new Error(`no answer from ${url}${path} within ${timeoutMs}ms:\n${logs.join("\n")}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
    signal(signal) {
      if (!done) child.kill(signal);
    },
    wait: () => exited,
    kill() {
      if (!done) child.kill("SIGKILL");
      return exited;
    },
    async stop(timeoutMs = 30_000) {
      if (!done) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** The builder's `buildpack-default-process-type` (config/metadata.toml), else "web". */
export async function defaultProcessType(layersDir: string): Promise<string> {
  const metadata = parseToml(await readFile(join(layersDir, "config", "metadata.toml"), "utf8").catch(() => ""));
  return String(metadata["buildpack-default-process-type"] ?? "web");
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
