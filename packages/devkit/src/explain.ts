// `fnpacks explain <app-dir>`: each signature buildpack's own detect, run in this process as
// bin/detect runs (same code, same verdict), with its debug lines: which files were read or
// skipped, which functions matched, and why a package is no function of that signature.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseToml, runPhase, type TomlTable } from "@fnpacks/cnb";
import { functionBuildpack } from "@fnpacks/go-function";
import type { SignaturePackage } from "./signatures";

export interface Explanation {
  /** The signature package dir. */
  dir: string;
  kind: string;
  verdict: "pass" | "fail" | "error";
  /** Detect's reason when it failed, else undefined. */
  reason?: string;
  /** What detect planned when it passed. */
  candidates: { name: string; shape: string; position: string; signature: string }[];
  /** The signature serves every candidate (MCP tools) rather than asking which one (its selection). */
  servesEvery: boolean;
  /** Everything detect printed (debug included), one entry per line. */
  lines: string[];
}

export interface ExplainOptions {
  appDir: string;
  signatures: SignaturePackage[];
  /** Build-time env (BP_FUNCTION_NAME, BP_FUNCTION_DIR, ...). */
  env?: Record<string, string>;
  arch?: string;
}

export async function explainApp(options: ExplainOptions): Promise<Explanation[]> {
  const work = await mkdtemp(join(tmpdir(), "fnpacks-explain-"));
  try {
    const explanations: Explanation[] = [];
    for (const [i, { dir, signature }] of options.signatures.entries()) {
      const planPath = join(work, `plan-${i}.toml`);
      let out = "";
      let err = "";
      const code = await runPhase(functionBuildpack(signature), {
        argv0: join(dir, "bin", "detect"),
        args: [],
        cwd: options.appDir,
        executable: join(dir, "bin", "run"),
        env: {
          PATH: process.env.PATH ?? "",
          ...options.env,
          BP_LOG_LEVEL: "DEBUG",
          CNB_BUILDPACK_DIR: dir,
          CNB_PLATFORM_DIR: work,
          CNB_BUILD_PLAN_PATH: planPath,
          CNB_TARGET_OS: "linux",
          CNB_TARGET_ARCH: options.arch ?? "amd64",
        },
        stdout: (text) => (out += text),
        stderr: (text) => (err += text),
      });
      const lines = `${out}${err}`.split("\n").filter((line) => line.trim() !== "");
      const verdict = code === 0 ? "pass" : code === 100 ? "fail" : "error";
      // The reason is the last unindented line (its fix or nearest miss, indented, may follow).
      const last = out.trimEnd().split("\n").findLast((line) => line !== "" && !/^\s/.test(line)) ?? "";
      explanations.push({
        dir,
        kind: signature.kind,
        verdict,
        ...(verdict === "fail" ? { reason: last.slice(last.indexOf(": ") + 2) } : verdict === "error" ? { reason: err.trim() } : {}),
        candidates: verdict === "pass" ? await plannedCandidates(planPath) : [],
        servesEvery: signature.selection?.serves === "all",
        lines,
      });
    }
    return explanations;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function plannedCandidates(planPath: string): Promise<Explanation["candidates"]> {
  const plan = parseToml(await readFile(planPath, "utf8").catch(() => ""));
  const requires = (plan.requires as TomlTable[] | undefined) ?? [];
  const candidates = (requires[0]?.metadata as TomlTable | undefined)?.candidates as TomlTable[] | undefined;
  return (candidates ?? []).map((c) => ({ name: String(c.name), shape: String(c.shape), position: String(c.position), signature: String(c.signature) }));
}

/** The explanation as the CLI prints it. */
export function formatExplanations(explanations: Explanation[]): string {
  return explanations
    .map((e) => {
      const head =
        e.verdict === "pass"
          ? `${e.kind}: yes — ${e.candidates.map((c) => `${c.name} (${c.position}, ${c.shape})`).join("; ")}${e.candidates.length > 1 ? (e.servesEvery ? " — one server serves them all" : " — several: the build will ask for BP_FUNCTION_NAME") : ""}`
          : `${e.kind}: ${e.verdict === "fail" ? "no" : "error"} — ${e.reason ?? ""}`;
      return [head, ...e.lines.map((line) => `    ${line.trim()}`)].join("\n");
    })
    .join("\n\n");
}
