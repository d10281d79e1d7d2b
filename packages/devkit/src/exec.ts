import { spawn } from "node:child_process";

export interface ExecResult {
  code: number;
  output: string;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** argv[0] as the program sees it: the lifecycle picks its phase by it. */
  argv0?: string;
  /** Each line of output as it comes (stdout and stderr interleaved). */
  onLine?: (line: string) => void;
}

/** Runs a command to completion, collecting its output; never rejects for a non-zero exit. */
export function exec(command: string, args: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.argv0 ? { argv0: options.argv0 } : {}),
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
    });
    let output = "";
    let partial = "";
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      if (!options.onLine) return;
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (partial && options.onLine) options.onLine(partial);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}
