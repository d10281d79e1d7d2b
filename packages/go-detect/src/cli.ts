#!/usr/bin/env node
// go-detect <dir> [--arch amd64] [--package sub/dir] [--go 1.22] [--tags a,b]: what detection
// sees in a Go module, for users whose function was not (or wrongly) detected.
import { resolve } from "node:path";
import { analyzeFunctionPackage, GoDetectError } from "./analyze";
import { GoModError } from "./gomod";
import { type Candidate, formatFuncSignature, formatVarSignature, matchCandidates, type SignatureSpec } from "./match";
import type { TypeRef } from "./model";
import { createGoParser } from "./parser";

const USAGE = "usage: go-detect <app-dir> [--arch amd64|arm64] [--package <dir>] [--go <version>] [--tags a,b] [--verbose]";

/** The shapes of the fnpacks HTTP and CloudEvents buildpacks, so the CLI shows what they would match. */
const KNOWN_SPECS: SignatureSpec[] = (() => {
  const http = (name: string, pointer = false) => ({ importPath: "net/http", name, pointer });
  const ctx = { importPath: "context", name: "Context" };
  const event = { importPath: "github.com/cloudevents/sdk-go/v2/event", name: "Event" };
  const eventPtr = { ...event, pointer: true };
  const result = { importPath: "", name: "error" };
  const specs: SignatureSpec[] = [
    { kind: "func", id: "http: func(w, r)", params: [http("ResponseWriter"), http("Request", true)], results: [] },
    { kind: "func", id: "http: func(ctx, w, r)", params: [ctx, http("ResponseWriter"), http("Request", true)], results: [] },
    { kind: "var", id: "http: var", types: [http("HandlerFunc"), http("Handler")] },
  ];
  const inputs = [[], [ctx], [event], [ctx, event]];
  const outputs = [[], [result], [eventPtr], [eventPtr, result]];
  for (const params of inputs) {
    for (const results of outputs) specs.push({ kind: "func", id: "cloudevents receiver", params, results });
  }
  return specs;
})();

export interface CliArgs {
  dir: string;
  arch: string;
  packageDir: string;
  goVersion?: string;
  tags?: string[];
  verbose: boolean;
}

export function parseArgs(argv: string[]): CliArgs | string {
  let dir: string | undefined;
  const args: Omit<CliArgs, "dir"> = { arch: process.arch === "arm64" ? "arm64" : "amd64", packageDir: ".", verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    try {
      if (a === "--arch") args.arch = value();
      else if (a === "--package") args.packageDir = value();
      else if (a === "--go") args.goVersion = value();
      else if (a === "--tags") args.tags = value().split(",").filter((t) => t !== "");
      else if (a === "--verbose" || a === "-v") args.verbose = true;
      else if (a === "--help" || a === "-h") return USAGE;
      else if (a.startsWith("-")) return `unknown option ${a}\n${USAGE}`;
      else if (dir === undefined) dir = a;
      else return `unexpected argument ${a}\n${USAGE}`;
    } catch (e) {
      return `${(e as Error).message}\n${USAGE}`;
    }
  }
  if (dir === undefined) return USAGE;
  return { dir, ...args };
}

const typeDescription = (t: TypeRef) =>
  t.unresolvedQualifier !== undefined
    ? `${t.text} (${t.unresolvedQualifier} is not an import of this file)`
    : t.name === ""
      ? `${t.text} (not a named type)`
      : `${t.text} = ${t.pointer ? "*" : ""}${t.importPath === "" ? "" : `"${t.importPath}".`}${t.name}`;

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    out(args);
    return args === USAGE ? 0 : 2;
  }
  const appDir = resolve(args.dir);
  const parser = await createGoParser();
  try {
    const result = analyzeFunctionPackage({
      appDir,
      packageDir: args.packageDir,
      goarch: args.arch,
      parser,
      ...(args.goVersion ? { goVersion: args.goVersion } : {}),
      ...(args.tags ? { tags: args.tags } : {}),
      ...(args.verbose ? { debug: (m: string) => out(`  debug: ${m}`) } : {}),
    });
    if (result.kind !== "package") {
      out(`not a function: ${result.reason}`);
      return 1;
    }
    const { goMod } = result;
    out(`go.mod: ${goMod.file}`);
    out(`  module     ${goMod.modulePath}`);
    out(`  go         ${goMod.goVersion ?? "(no go directive)"}${goMod.toolchain ? `, toolchain ${goMod.toolchain}` : ""}`);
    for (const r of goMod.requires) out(`  require    ${r.path} ${r.version}${r.indirect ? " // indirect" : ""}`);
    for (const r of goMod.replaces) {
      out(`  replace    ${r.oldPath}${r.oldVersion ? ` ${r.oldVersion}` : ""} => ${r.newPath}${r.newVersion ? ` ${r.newVersion}` : ""}`);
    }
    out(`  vendor     ${goMod.vendor.present ? `vendor/modules.txt lists ${goMod.vendor.packages.length} packages` : "no vendor/modules.txt"}`);
    out(`package ${result.importPath} (dir ${result.packageDir}, ${result.context.goos}/${result.context.goarch}, go${result.context.goVersion})`);
    out(`  package clause: ${result.packageName ?? "(no Go files)"}${result.isMain ? " — an application, not a function" : ""}`);
    for (const f of result.files) out(`  loaded   ${f.name}`);
    for (const s of result.skipped) out(`  skipped  ${s.name}: ${s.reason}`);
    for (const d of result.diagnostics) out(`  ${d.severity}: ${d.message}`);
    for (const f of result.files) {
      out(`${f.name}:`);
      for (const i of f.imports) out(`  import   ${i.kind === "default" ? "" : `${i.localName} `}"${i.path}" (as ${i.localName}, line ${i.line})`);
      for (const fn of f.funcs) {
        out(`  ${fn.file}:${fn.line}  ${formatFuncSignature(fn)}`);
        for (const [i, p] of fn.params.entries()) out(`      param ${i + 1}: ${typeDescription(p)}`);
        for (const [i, r] of fn.results.entries()) out(`      result ${i + 1}: ${typeDescription(r)}`);
      }
      for (const v of f.vars) out(`  ${v.file}:${v.line}  ${formatVarSignature(v)}  (${typeDescription(v.type)})`);
      for (const d of f.ignored) out(`  ${d.file}:${d.line}  ${d.name}: not a candidate, ${d.reason}`);
    }
    const candidates: Candidate[] = matchCandidates(result.pkg, KNOWN_SPECS);
    out(candidates.length === 0 ? "matches: none of the fnpacks signatures" : "matches:");
    for (const c of candidates) out(`  ${c.position}  ${c.signature}  [${c.specId}]`);
    return 0;
  } catch (e) {
    if (e instanceof GoModError || e instanceof GoDetectError) {
      out(`error: ${e.message}`);
      return 1;
    }
    throw e;
  } finally {
    parser.delete();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e);
      process.exit(70);
    },
  );
}
