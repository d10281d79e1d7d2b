// The MCP Go SDK's own client, for the tests: test/fixtures/probe is a small Go program built
// with the real go against the SDK version under test. It connects, lists the tools, makes the
// calls it is given and prints what it saw as JSON (see probe.go).
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { go, type RunningProcess, removeDir, startProcess } from "@fnpacks/go-codegen/testing";

const execFileAsync = promisify(execFile);

/** The SDK versions the tests build against: go.mod's (the newest) and oldest.mod's (the oldest fnpacks claims). */
export const SDK_VERSIONS = { newest: "v1.8.0", oldest: "v1.0.0" } as const;
export type SdkVersion = keyof typeof SDK_VERSIONS;

/** go's flags that pick the go.mod of `sdk` in a fixture module with both. */
export function modFlags(sdk: SdkVersion): string[] {
  return sdk === "oldest" ? ["-modfile=oldest.mod"] : [];
}

/** A tool call to make: the tool and its arguments (any JSON, to send invalid ones too). */
export interface ProbeCall {
  tool: string;
  arguments: unknown;
}

/** What the client got for a call: a result (an error result too) or a protocol error. */
export interface CallOutcome {
  tool: string;
  isError?: boolean;
  text?: string[];
  structured?: unknown;
  protocolError?: string;
}

export interface ProbeReport {
  connectError?: string;
  server?: { name: string; version: string };
  tools?: { name: string; description: string; inputSchema: unknown }[];
  calls?: CallOutcome[];
}

export interface Probe {
  sdk: SdkVersion;
  binary: string;
  /** Connects to endpoint, lists the tools, makes the calls; `host` is every request's Host header. */
  run(endpoint: string, calls: ProbeCall[], options?: { host?: string }): Promise<ProbeReport>;
  /** Watches the client's standalone stream (see probe.go's watchStream): events are printed lines of JSON. */
  watch(endpoint: string, calls: ProbeCall[]): RunningProcess;
  remove(): Promise<void>;
}

/** Builds the probe against the SDK version `sdk`. */
export async function buildProbe(sdk: SdkVersion): Promise<Probe> {
  const dir = await mkdtemp(join(tmpdir(), `mcpprobe-${sdk}-`));
  const binary = join(dir, "mcpprobe");
  await go(join(__dirname, "fixtures", "probe"), ["build", ...modFlags(sdk), "-o", binary, "."]);
  return {
    sdk,
    binary,
    async run(endpoint, calls, options = {}) {
      const args = [...(options.host ? ["-host", options.host] : []), endpoint, JSON.stringify(calls)];
      const { stdout } = await execFileAsync(binary, args, { timeout: 120_000 });
      return JSON.parse(stdout) as ProbeReport;
    },
    watch(endpoint, calls) {
      return startProcess(binary, { args: ["-stream", endpoint, JSON.stringify(calls)], env: { PATH: process.env.PATH ?? "" } });
    },
    remove: () => removeDir(dir),
  };
}

/** The events a watching probe printed so far. */
export function streamEvents(watcher: RunningProcess): Array<Record<string, unknown>> {
  return watcher.logs.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
