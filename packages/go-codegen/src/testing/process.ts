import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface ProcessOptions {
  args?: string[];
  cwd?: string;
  /** The whole environment of the process (nothing is inherited unless passed here). */
  env?: NodeJS.ProcessEnv;
  /** What the process sees as its name (argv[0]), e.g. a CNB launcher's process type. */
  argv0?: string;
  uid?: number;
  gid?: number;
  /** Called with each line the process prints, stdout or stderr, as it comes. */
  log?: (line: string) => void;
  /**
   * Run it in a process group of its own, so a terminal's Ctrl-C (sent to the whole foreground
   * group) reaches only the caller, which forwards exactly one signal: two SIGINTs would make a
   * graceful server skip its drain.
   */
  ownProcessGroup?: boolean;
}

/** A process started by startProcess: its output, its exit and ways to end it. */
export interface RunningProcess {
  process: ChildProcess;
  /** Every line printed so far, stdout and stderr. */
  logs: string[];
  /** Resolves with the exit code, or the signal's name. */
  exited: Promise<number | string>;
  /** Resolves with the first line containing text; rejects if the process exits first or timeoutMs passes. */
  waitForLog(text: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the first HTTP response from url (any status); rejects if the process exits first or timeoutMs passes. */
  waitForHttp(url: string, timeoutMs?: number): Promise<Response>;
  /** Sends a signal unless the process has exited. */
  signal(signal: NodeJS.Signals): void;
  /** SIGKILL at once; resolves with how it exited. */
  kill(): Promise<number | string>;
  /** SIGTERM, then SIGKILL after timeoutMs; resolves with how it exited. */
  stop(timeoutMs?: number): Promise<number | string>;
}

/** Starts command with its output collected line by line: the harness for every process a test or tool runs. */
export function startProcess(command: string, options: ProcessOptions = {}): RunningProcess {
  const child = spawn(command, options.args ?? [], {
    stdio: ["ignore", "pipe", "pipe"],
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.env !== undefined ? { env: options.env } : {}),
    ...(options.argv0 !== undefined ? { argv0: options.argv0 } : {}),
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
    ...(options.ownProcessGroup ? { detached: true } : {}),
  });
  const logs: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    eachLine(stream, (line) => {
      logs.push(line);
      options.log?.(line);
    });
  }
  // Resolves once the streams are closed too: every line is in logs by then.
  const exited = new Promise<number | string>((resolve) => child.on("close", (code, signal) => resolve(code ?? signal ?? -1)));
  let done = false;
  void exited.then(() => {
    done = true;
  });
  const failure = (what: string) => new Error(`${what}:\n${logs.join("\n")}`);
  return {
    process: child,
    logs,
    exited,
    async waitForLog(text, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const line = logs.find((l) => l.includes(text));
        if (line !== undefined) return line;
        if (done) throw failure(`${command} exited (${await exited}) without a line containing ${JSON.stringify(text)}`);
        if (Date.now() > deadline) throw failure(`no line containing ${JSON.stringify(text)} within ${timeoutMs}ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async waitForHttp(url, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (done) throw failure(`${command} exited (${await exited}) before answering`);
        try {
          return await fetch(url);
        } catch {
          if (Date.now() > deadline) throw failure(`no answer from ${url} within ${timeoutMs}ms`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
    signal(signal) {
      if (!done) child.kill(signal);
    },
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

/** A generated server, started by startServer. */
export interface RunningServer extends RunningProcess {
  /** http://127.0.0.1:<port> */
  url: string;
}

/**
 * Starts a built server on a free port (PORT=0), without a drain delay unless env sets one,
 * and resolves once the runtime's startup line ("serving function") says where it listens.
 * Rejects with the server's output if it exits first.
 */
export function startServer(binary: string, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const started = startProcess(binary, {
      env: { ...process.env, PORT: "0", FNPACKS_DRAIN_DELAY: "0s", ...env },
      log(line) {
        const record = parseJson(line);
        if (record?.msg === "serving function") {
          const port = String(record.address).split(":").pop();
          resolve({ ...started, url: `http://127.0.0.1:${port}` });
        }
      },
    });
    void started.exited.then((code) => reject(new Error(`${binary} exited (${code}) before serving:\n${started.logs.join("\n")}`)));
  });
}

/** Resolves once the server has logged a line containing text (output can trail the response). */
export async function waitForLog(server: RunningProcess, text: string, timeoutMs = 5000): Promise<void> {
  await server.waitForLog(text, timeoutMs);
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * Calls back with each line of a stream, split at "\n" only: a "\r" is part of the text
 * (readline would end a line there), so joining the lines with "\n" gives back the output.
 */
function eachLine(stream: Readable, callback: (line: string) => void): void {
  let pending = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) callback(line);
  });
  stream.on("end", () => {
    if (pending !== "") callback(pending);
  });
}
