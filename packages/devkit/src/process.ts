import { readFile } from "node:fs/promises";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { parseToml } from "@fnpacks/cnb";
import { type RunningProcess, startProcess } from "@fnpacks/go-codegen/process";
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

/** The app as the launcher runs it: the shared process harness, addressed by path on its port. */
export interface RunningApp extends Omit<RunningProcess, "waitForHttp"> {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Resolves with the first HTTP response from path (any status); rejects if the app exits first. */
  waitForHttp(path?: string, timeoutMs?: number): Promise<Response>;
  /** Resolves with the exit code, or the signal's name, once the process has exited. */
  wait(): Promise<number | string>;
  /**
   * Resolves once the app is up, without calling the app's own code: its port accepts
   * connections and, for an fnpacks function (its runtime logged that it serves), the
   * runtime's liveness path answers 200. Rejects if the app exits first or timeoutMs passes.
   */
  waitUntilUp(timeoutMs?: number): Promise<void>;
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
  const running = startProcess(options.launcher, {
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
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid ?? options.uid } : {}),
    ...(options.log ? { log: options.log } : {}),
    // Ctrl-C reaches devkit alone, which forwards one signal (see ProcessOptions).
    ownProcessGroup: true,
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    ...running,
    port,
    url,
    waitForHttp: (path = "/", timeoutMs = 30_000) => running.waitForHttp(url + path, timeoutMs),
    wait: () => running.exited,
    waitUntilUp: (timeoutMs = 30_000) => waitUntilUp(running, port, timeoutMs),
  };
}

/** The fnpacks runtime's start-up log line (JSON, msg "serving function"). */
const RUNTIME_SERVING = /"msg":"serving function"/;
/** The runtime's liveness path: answered by the runtime, never by the function. */
export const LIVENESS_PATH = "/.fnpacks/live";

async function waitUntilUp(running: RunningProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void running.exited.then(() => {
    exited = true;
  });
  const check = (what: string) => {
    if (exited) throw new Error(`the app exited before ${what}:\n${running.logs.join("\n")}`);
    if (Date.now() > deadline) throw new Error(`the app did not ${what} within ${timeoutMs} ms`);
  };
  while (!(await accepts(port))) {
    check(`accepting connections on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!running.logs.some((line) => RUNTIME_SERVING.test(line))) return;
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}${LIVENESS_PATH}`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    check(`answering ${LIVENESS_PATH} with 200`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
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
