// Build constraints as `go build` evaluates them: //go:build expressions, legacy // +build
// lines and _GOOS/_GOARCH file name suffixes. See `go help buildconstraint`.

/** The target a package is loaded for. */
export interface GoBuildContext {
  goos: string;
  goarch: string;
  /** "1.22" or "1.22.3"; release tags go1.1 … go1.<minor> are satisfied. */
  goVersion: string;
  /** Extra tags that are true (as with `go build -tags`). */
  tags?: readonly string[];
  /** CGO_ENABLED; false unless stated (the function images are built without cgo). */
  cgo?: boolean;
}

export const KNOWN_OS: ReadonlySet<string> = new Set([
  "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux",
  "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos",
]);

export const UNIX_OS: ReadonlySet<string> = new Set([
  "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux",
  "netbsd", "openbsd", "solaris",
]);

export const KNOWN_ARCH: ReadonlySet<string> = new Set([
  "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "loong64", "mips", "mipsle",
  "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64", "ppc64le", "riscv", "riscv64",
  "s390", "s390x", "sparc", "sparc64", "wasm",
]);

/** Default microarchitecture level tags (GOAMD64=v1, GOARM64=v8.0, …). */
const ARCH_LEVEL_TAGS: Record<string, string[]> = {
  amd64: ["amd64.v1"],
  arm64: ["arm64.v8.0"],
  "386": ["386.sse2"],
  arm: ["arm.5"],
  ppc64le: ["ppc64le.power8"],
  ppc64: ["ppc64.power8"],
  riscv64: ["riscv64.rva20u64"],
};

/** The minor version of a "1.N[.P]" / "1.NrcX" Go version, or undefined. */
export function goMinorVersion(goVersion: string): number | undefined {
  const m = /^(?:go)?1\.(\d+)/.exec(goVersion);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

/** Whether `tag` is satisfied in `ctx`. `ignore` and unknown tags are false. */
export function tagIsSet(tag: string, ctx: GoBuildContext): boolean {
  if (tag === ctx.goos || tag === ctx.goarch) return true;
  if (tag === "unix") return UNIX_OS.has(ctx.goos);
  if (ctx.goos === "android" && tag === "linux") return true;
  if (ctx.goos === "illumos" && tag === "solaris") return true;
  if (ctx.goos === "ios" && tag === "darwin") return true;
  if (tag === "gc") return true;
  if (tag === "cgo") return ctx.cgo === true;
  if (ctx.tags?.includes(tag)) return true;
  if ((ARCH_LEVEL_TAGS[ctx.goarch] ?? []).includes(tag)) return true;
  const release = /^go1\.(\d+)$/.exec(tag);
  if (release?.[1] !== undefined) {
    const minor = goMinorVersion(ctx.goVersion);
    return minor !== undefined && Number(release[1]) <= minor;
  }
  return false;
}

/** A parsed constraint expression. */
export type ConstraintExpr =
  | { op: "tag"; tag: string }
  | { op: "not"; x: ConstraintExpr }
  | { op: "and"; x: ConstraintExpr; y: ConstraintExpr }
  | { op: "or"; x: ConstraintExpr; y: ConstraintExpr };

export class ConstraintSyntaxError extends Error {
  override name = "ConstraintSyntaxError";
}

export function evalConstraint(expr: ConstraintExpr, ctx: GoBuildContext): boolean {
  switch (expr.op) {
    case "tag":
      return tagIsSet(expr.tag, ctx);
    case "not":
      return !evalConstraint(expr.x, ctx);
    case "and":
      return evalConstraint(expr.x, ctx) && evalConstraint(expr.y, ctx);
    case "or":
      return evalConstraint(expr.x, ctx) || evalConstraint(expr.y, ctx);
  }
}

const TAG_CHAR = /[A-Za-z0-9_.]/;
const MAX_DEPTH = 100;

/** Parses the expression of a `//go:build` line (without the prefix). Throws ConstraintSyntaxError. */
export function parseGoBuildExpr(text: string): ConstraintExpr {
  let pos = 0;
  let depth = 0;
  const skipSpace = () => {
    while (pos < text.length && (text[pos] === " " || text[pos] === "\t")) pos++;
  };
  const fail = (what: string): never => {
    throw new ConstraintSyntaxError(`${what} at offset ${pos} in "${text}"`);
  };
  const or = (): ConstraintExpr => {
    let x = and();
    skipSpace();
    while (text.startsWith("||", pos)) {
      pos += 2;
      x = { op: "or", x, y: and() };
      skipSpace();
    }
    return x;
  };
  const and = (): ConstraintExpr => {
    let x = not();
    skipSpace();
    while (text.startsWith("&&", pos)) {
      pos += 2;
      x = { op: "and", x, y: not() };
      skipSpace();
    }
    return x;
  };
  const not = (): ConstraintExpr => {
    skipSpace();
    if (text[pos] === "!") {
      pos++;
      if (++depth > MAX_DEPTH) fail("expression too deep");
      const x = not();
      depth--;
      return { op: "not", x };
    }
    return atom();
  };
  const atom = (): ConstraintExpr => {
    skipSpace();
    if (text[pos] === "(") {
      pos++;
      if (++depth > MAX_DEPTH) fail("expression too deep");
      const x = or();
      depth--;
      skipSpace();
      if (text[pos] !== ")") fail("missing )");
      pos++;
      return x;
    }
    const start = pos;
    while (pos < text.length && TAG_CHAR.test(text[pos] as string)) pos++;
    if (pos === start) fail(pos >= text.length ? "unexpected end of expression" : `unexpected "${text[pos]}"`);
    return { op: "tag", tag: text.slice(start, pos) };
  };
  const expr = or();
  skipSpace();
  if (pos !== text.length) fail(`unexpected "${text[pos]}"`);
  return expr;
}

/** Parses the arguments of one legacy `// +build` line: space = or, comma = and, ! = not. */
export function parsePlusBuildLine(args: string): ConstraintExpr {
  let result: ConstraintExpr | undefined;
  for (const option of args.split(/[ \t]+/).filter((s) => s !== "")) {
    let clause: ConstraintExpr | undefined;
    for (const term of option.split(",")) {
      const negated = term.startsWith("!");
      const tag = negated ? term.slice(1) : term;
      if (tag === "" || tag.startsWith("!") || ![...tag].every((c) => TAG_CHAR.test(c))) {
        throw new ConstraintSyntaxError(`invalid tag "${term}" in "// +build ${args}"`);
      }
      const t: ConstraintExpr = negated ? { op: "not", x: { op: "tag", tag } } : { op: "tag", tag };
      clause = clause === undefined ? t : { op: "and", x: clause, y: t };
    }
    if (clause !== undefined) result = result === undefined ? clause : { op: "or", x: result, y: clause };
  }
  if (result === undefined) throw new ConstraintSyntaxError("empty // +build line");
  return result;
}

/** The constraint lines found in a file's header. */
export interface FileConstraints {
  goBuild?: { expr: string; line: number };
  plusBuild: { args: string; line: number }[];
}

/**
 * Finds //go:build and // +build lines in the leading comments of a file, as go/build does:
 * only before the first non-comment text, and `// +build` only if a blank line follows it
 * before the package clause or doc comment.
 */
export function findConstraintLines(source: string): FileConstraints {
  const found: FileConstraints = { plusBuild: [] };
  let pendingPlus: { args: string; line: number }[] = [];
  let inBlock = false;
  // Line by line without splitting the whole file: the header is short, files can be large.
  for (let i = 0, at = 0; at <= source.length; i++) {
    const newline = source.indexOf("\n", at);
    const end = newline < 0 ? source.length : newline;
    const line = source.slice(at, end).trim();
    at = end + 1;
    if (inBlock) {
      const end = line.indexOf("*/");
      if (end < 0) continue;
      inBlock = false;
      if (line.slice(end + 2).trim() !== "") break;
      continue;
    }
    if (line === "") {
      found.plusBuild.push(...pendingPlus);
      pendingPlus = [];
      continue;
    }
    if (line.startsWith("//")) {
      const goBuild = /^\/\/go:build(?:[ \t](.*))?$/.exec(line);
      if (goBuild && found.goBuild === undefined) found.goBuild = { expr: (goBuild[1] ?? "").trim(), line: i + 1 };
      const plus = /^\/\/[ \t]*\+build(?:[ \t](.*))?$/.exec(line);
      if (plus) pendingPlus.push({ args: (plus[1] ?? "").trim(), line: i + 1 });
      continue;
    }
    if (line.startsWith("/*")) {
      const end = line.indexOf("*/", 2);
      if (end < 0) {
        inBlock = true;
        continue;
      }
      if (line.slice(end + 2).trim() !== "") break;
      continue;
    }
    break;
  }
  return found;
}

export type ConstraintVerdict = { include: true } | { include: false; reason: string };

/** Evaluates a file's constraint comments. Malformed constraints exclude the file (go build rejects them). */
export function evaluateFileConstraints(source: string, ctx: GoBuildContext): ConstraintVerdict {
  const found = findConstraintLines(source);
  try {
    if (found.goBuild !== undefined) {
      const expr = parseGoBuildExpr(found.goBuild.expr);
      return evalConstraint(expr, ctx)
        ? { include: true }
        : { include: false, reason: `//go:build ${found.goBuild.expr} (line ${found.goBuild.line}) is false` };
    }
    for (const plus of found.plusBuild) {
      if (!evalConstraint(parsePlusBuildLine(plus.args), ctx)) {
        return { include: false, reason: `// +build ${plus.args} (line ${plus.line}) is false` };
      }
    }
  } catch (e) {
    if (e instanceof ConstraintSyntaxError) return { include: false, reason: `malformed build constraint: ${e.message}` };
    throw e;
  }
  return { include: true };
}

/**
 * Whether a file name's _GOOS, _GOARCH or _GOOS_GOARCH suffix (after dropping .go and _test)
 * allows it in `ctx`. The part before the first underscore never counts: linux.go is for all.
 */
export function fileNameMatches(fileName: string, ctx: GoBuildContext): ConstraintVerdict {
  let name = fileName.replace(/\.go$/, "");
  const underscore = name.indexOf("_");
  if (underscore < 0) return { include: true };
  name = name.slice(underscore);
  if (name.endsWith("_test")) name = name.slice(0, -"_test".length);
  const parts = name.split("_");
  const n = parts.length;
  const last = parts[n - 1] as string;
  const beforeLast = n >= 2 ? (parts[n - 2] as string) : undefined;
  if (beforeLast !== undefined && KNOWN_OS.has(beforeLast) && KNOWN_ARCH.has(last)) {
    return tagIsSet(beforeLast, ctx) && last === ctx.goarch
      ? { include: true }
      : { include: false, reason: `file name suffix _${beforeLast}_${last} is not ${ctx.goos}/${ctx.goarch}` };
  }
  if (KNOWN_OS.has(last)) {
    return tagIsSet(last, ctx) ? { include: true } : { include: false, reason: `file name suffix _${last} is not GOOS=${ctx.goos}` };
  }
  if (KNOWN_ARCH.has(last)) {
    return last === ctx.goarch ? { include: true } : { include: false, reason: `file name suffix _${last} is not GOARCH=${ctx.goarch}` };
  }
  return { include: true };
}
