// Loads the files of one package dir the way `go build` selects them, never throwing on bad input.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BuildContext, evaluateFileConstraints, fileNameMatches } from "./constraints";
import type { Diagnostic, GoFile, GoPackage } from "./model";
import type { GoParser } from "./parser";
import { type PackageScope, resolveImports, resolveType } from "./resolve";
import { type FileSyntax, readFileSyntax } from "./syntax";

/** Files above this size are skipped (generated data files, not handlers). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface LoadPackageOptions {
  /** Absolute (or cwd-relative) dir of the package. */
  dir: string;
  /** The dir relative to the module root, for positions; default ".". */
  relDir?: string;
  context: BuildContext;
  parser: GoParser;
  maxFileBytes?: number;
  debug?: (message: string) => void;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function errorCode(e: unknown): string {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
}

export function describeFsError(e: unknown): string {
  switch (errorCode(e)) {
    case "ELOOP":
      return "symlink loop";
    case "ENOENT":
      return "broken symlink";
    case "EACCES":
    case "EPERM":
      return "not readable (permission denied)";
    default:
      return `not readable (${e instanceof Error ? e.message : String(e)})`;
  }
}

type Read = { kind: "source"; source: string } | { kind: "skip"; reason: string };

function readGoSource(path: string, maxBytes: number): Read {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { kind: "skip", reason: "not a regular file" };
    size = st.size;
  } catch (e) {
    return { kind: "skip", reason: describeFsError(e) };
  }
  if (size > maxBytes) return { kind: "skip", reason: `too large (${size} bytes, limit ${maxBytes})` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { kind: "skip", reason: describeFsError(e) };
  }
  if (bytes.length > maxBytes) return { kind: "skip", reason: `too large (${bytes.length} bytes, limit ${maxBytes})` };
  if (bytes.includes(0)) return { kind: "skip", reason: "binary (contains NUL bytes)" };
  let source: string;
  try {
    source = utf8.decode(bytes);
  } catch {
    return { kind: "skip", reason: "not valid UTF-8" };
  }
  if (source.charCodeAt(0) === 0xfeff) source = source.slice(1);
  return { kind: "source", source };
}

/** Loads and parses the package in `options.dir` for the build context. */
export function loadPackage(options: LoadPackageOptions): GoPackage {
  const { dir, context, parser } = options;
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const debug = options.debug ?? (() => {});
  const pkg: GoPackage = {
    dir,
    relDir: options.relDir ?? ".",
    name: undefined,
    files: [],
    skipped: [],
    funcs: [],
    vars: [],
    diagnostics: [],
  };
  const skip = (name: string, reason: string) => {
    pkg.skipped.push({ name, reason });
    debug(`skipping ${name}: ${reason}`);
  };

  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".go")).sort();
  } catch (e) {
    const why = errorCode(e) === "ENOENT" ? "no such directory" : describeFsError(e);
    pkg.diagnostics.push({ severity: "error", message: `cannot read ${dir}: ${why}` });
    return pkg;
  }

  const parsed: { name: string; syntax: FileSyntax }[] = [];
  for (const name of names) {
    if (name.startsWith("_") || name.startsWith(".")) {
      skip(name, "names starting with _ or . are ignored by go build");
      continue;
    }
    if (name.endsWith("_test.go")) {
      skip(name, "test file");
      continue;
    }
    const suffix = fileNameMatches(name, context);
    if (!suffix.include) {
      skip(name, suffix.reason);
      continue;
    }
    const read = readGoSource(join(dir, name), maxBytes);
    if (read.kind === "skip") {
      skip(name, read.reason);
      continue;
    }
    const constraints = evaluateFileConstraints(read.source, context);
    if (!constraints.include) {
      skip(name, constraints.reason);
      continue;
    }
    let syntax: FileSyntax;
    try {
      syntax = readFileSyntax(parser, read.source);
    } catch (e) {
      // The parser itself failing (not bad Go, which it tolerates) must still not crash detection.
      skip(name, `cannot be parsed (${e instanceof Error ? e.message : String(e)})`);
      continue;
    }
    if (syntax.packageName === undefined) {
      skip(name, "no package clause");
      pkg.diagnostics.push({ severity: "warning", message: `${name} has no package clause`, file: name });
      continue;
    }
    if (syntax.packageName === "documentation") {
      skip(name, "package documentation is ignored by go build");
      continue;
    }
    if (context.cgo !== true && syntax.imports.some((i) => i.path === "C")) {
      skip(name, 'imports "C" and cgo is disabled');
      continue;
    }
    for (const errorLine of syntax.syntaxErrorLines) {
      pkg.diagnostics.push({ severity: "warning", message: `syntax error at ${name}:${errorLine}`, file: name, line: errorLine });
    }
    debug(`loading ${name} (package ${syntax.packageName})`);
    parsed.push({ name, syntax });
  }

  pkg.name = choosePackageName(parsed, pkg.diagnostics);
  const included = parsed.filter((f) => {
    if (f.syntax.packageName === pkg.name) return true;
    skip(f.name, `package ${f.syntax.packageName} differs from package ${pkg.name}`);
    return false;
  });

  const aliasesWithImports = new Map<string, { type: FileSyntax["typeAliases"][number]["type"]; imports: GoFile["imports"] }>();
  const typeNames = new Set<string>();
  const fileImports = included.map((f) => resolveImports(f.syntax.imports));
  included.forEach((f, i) => {
    for (const t of f.syntax.typeNames) typeNames.add(t);
    for (const a of f.syntax.typeAliases) aliasesWithImports.set(a.name, { type: a.type, imports: fileImports[i] ?? [] });
  });
  const scope: PackageScope = { typeNames, aliases: aliasesWithImports };

  included.forEach(({ name, syntax }, i) => {
    const imports = fileImports[i] ?? [];
    const file: GoFile = {
      name,
      packageName: syntax.packageName as string,
      packageLine: syntax.packageLine ?? 1,
      imports,
      funcs: syntax.funcs.map((f) => ({
        name: f.name,
        file: name,
        line: f.line,
        params: f.params.map((t) => resolveType(t, imports, scope)),
        results: f.results.map((t) => resolveType(t, imports, scope)),
      })),
      vars: syntax.vars.map((v) => ({ name: v.name, file: name, line: v.line, type: resolveType(v.type, imports, scope) })),
      ignored: syntax.ignored.map((d) => ({ ...d, file: name })),
      syntaxErrorLines: syntax.syntaxErrorLines,
    };
    pkg.files.push(file);
    pkg.funcs.push(...file.funcs);
    pkg.vars.push(...file.vars);
  });
  return pkg;
}

/** The package name most files declare (the first file's on a tie); disagreement is a diagnostic. */
function choosePackageName(files: { name: string; syntax: FileSyntax }[], diagnostics: Diagnostic[]): string | undefined {
  const counts = new Map<string, string[]>();
  for (const f of files) {
    const name = f.syntax.packageName as string;
    counts.set(name, [...(counts.get(name) ?? []), f.name]);
  }
  if (counts.size === 0) return undefined;
  const ranked = [...counts.entries()].sort((a, b) => b[1].length - a[1].length);
  if (counts.size > 1) {
    const list = ranked.map(([pkgName, fileNames]) => `${pkgName} (${fileNames.join(", ")})`).join(" and ");
    diagnostics.push({
      severity: "error",
      message: `found packages ${list} in one dir; go build needs one package per dir (or build constraints)`,
    });
  }
  return (ranked[0] as [string, string[]])[0];
}
