import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
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
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    ...running,
    port,
    url,
    waitForHttp: (path = "/", timeoutMs = 30_000) => running.waitForHttp(url + path, timeoutMs),
    wait: () => running.exited,
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
