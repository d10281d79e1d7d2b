// Does the user's module already provide what the generated adapter imports? Asked of the real
// `go` (go-dist puts it on PATH before us), read-only: fnpacks never edits go.mod, go.sum or
// vendor/, so a package the module cannot build stops the build here, with the fix, instead of
// inside go-build (or go-mod-vendor) with Go's wording.
import type { execFile as ExecFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

/** Runs `go` with args in cwd; never rejects: a failure to start is code null and the reason on stderr. */
export type GoRunner = (args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) => Promise<GoResult>;

export interface GoResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A package the adapter needs that the module cannot provide, and what Go says to do about it. */
export interface MissingPackage {
  /** The package Go could not provide (the adapter's import, or one of its dependencies). */
  importPath: string;
  /** Which of the adapter's imports needs it. */
  neededBy: string;
  /** Go's own suggestion, e.g. `go get github.com/…/client@v2.16.2`, when it gives one. */
  goFix?: string;
}

export type ImportCheck =
  /** Every package resolves: the adapter builds as far as modules go. */
  | { kind: "resolves" }
  /** Go says, certainly, that these are missing. `vendored` when the build uses vendor/. */
  | { kind: "missing"; packages: MissingPackage[]; vendored: boolean }
  /** Go could not answer (offline without a module cache, a broken go.mod, no `go`): the build's own error will speak. */
  | { kind: "unresolved"; reason: string };

/** How long `go list` may take: it downloads modules when the platform allows it. */
export const GO_LIST_TIMEOUT_MS = 5 * 60_000;

/** Whether the build reads dependencies from vendor/ (go's default when vendor/ exists) or GOFLAGS says so. */
export function usesVendor(appDir: string, env: NodeJS.ProcessEnv): boolean {
  const flags = (env.GOFLAGS ?? "").split(/\s+/);
  if (flags.includes("-mod=vendor")) return true;
  if (flags.some((flag) => flag.startsWith("-mod="))) return false;
  return existsSync(join(appDir, "vendor", "modules.txt"));
}

/**
 * Lists the adapter's imports with their dependencies in the user's module, as go-build will
 * resolve them: from vendor/ when the build vendors, else from go.mod and go.sum, read-only
 * (`-mod=readonly` overrides a `-mod=mod` in GOFLAGS, which would let go edit go.mod).
 * GOTOOLCHAIN=local: a check is no reason to download another Go.
 */
export async function checkAdapterImports(appDir: string, imports: readonly string[], env: NodeJS.ProcessEnv, go: GoRunner = runGo): Promise<ImportCheck> {
  if (imports.length === 0) return { kind: "resolves" };
  const vendored = usesVendor(appDir, env);
  const args = ["list", "-e", "-deps", `-mod=${vendored ? "vendor" : "readonly"}`, "-json=ImportPath,Error", ...imports];
  const result = await go(args, { cwd: appDir, env: { ...env, GOTOOLCHAIN: "local", GOWORK: "off" } });
  if (result.code !== 0) {
    const said = result.stderr.trim() || `exit code ${result.code}`;
    return { kind: "unresolved", reason: `go list failed: ${said}` };
  }
  return classify(parseListOutput(result.stdout), imports, vendored);
}

interface ListedPackage {
  ImportPath: string;
  Error?: { Err: string; ImportStack?: string[] };
}

/** `go list -json` prints one object after another, each opening and closing at column 0. */
export function parseListOutput(stdout: string): ListedPackage[] {
  return stdout
    .split(/^}\n?/m)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => JSON.parse(`${chunk}\n}`) as ListedPackage);
}

const MISSING = [
  /^missing go\.sum entry for module providing package (\S+)/,
  /^no required module provides package (\S+)/,
  /^cannot find module providing package (\S+): import lookup disabled by -mod=(?:vendor|readonly)/,
  /^package (\S+) is not in std/,
];

/**
 * Missing only when every error is one Go states with certainty; anything else (a network
 * failure, GOPROXY=off with an empty module cache, a checksum mismatch) is for the build's
 * own error to report.
 */
export function classify(listed: readonly ListedPackage[], imports: readonly string[], vendored: boolean): ImportCheck {
  // With -deps every package is listed, so each error is on the package it belongs to.
  const errors = listed.flatMap((pkg) => (pkg.Error ? [{ ...pkg.Error, at: pkg.ImportPath }] : []));
  if (errors.length === 0) return { kind: "resolves" };
  const missing = new Map<string, MissingPackage>();
  for (const error of errors) {
    const match = MISSING.map((pattern) => pattern.exec(error.Err)).find(Boolean);
    if (!match?.[1]) return { kind: "unresolved", reason: `${error.at}: ${error.Err.split("\n")[0]}` };
    const importPath = match[1];
    const stack = error.ImportStack ?? [];
    const neededBy = [error.at, ...stack].find((path) => imports.includes(path)) ?? error.at;
    const goFix = /\n\s*(go (?:get|mod download) [^\n]+)/.exec(error.Err)?.[1]?.trim();
    if (!missing.has(importPath)) missing.set(importPath, { importPath, neededBy, ...(goFix ? { goFix } : {}) });
  }
  return { kind: "missing", packages: [...missing.values()], vendored };
}

export const runGo: GoRunner = (args, { cwd, env }) =>
  new Promise((resolve) => {
    // Loaded here, not at the top: node:child_process costs every start of the compiled
    // buildpack several milliseconds (bun builds it on node:stream), and detect never needs it.
    const execFile: typeof ExecFile = require("node:child_process").execFile;
    execFile("go", args, { cwd, env, timeout: GO_LIST_TIMEOUT_MS, maxBuffer: 64 << 20, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
      const why = error && code === null ? `${error.message}\n` : "";
      resolve({ code, stdout: String(stdout), stderr: `${why}${String(stderr)}` });
    });
  });
