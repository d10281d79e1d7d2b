// go.mod and vendor/modules.txt, read without the go command.
import { path, readBoundedFile } from "@fnpacks/host-io";

export interface GoModRequire {
  path: string;
  version: string;
  indirect: boolean;
}

export interface GoModReplace {
  oldPath: string;
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
}

export interface VendoredModule {
  path: string;
  version: string;
  /** `=> target [version]` when the module is replaced. */
  replacement?: string;
  explicit: boolean;
  packages: string[];
}

export interface VendorInfo {
  /** vendor/modules.txt exists. */
  present: boolean;
  modules: VendoredModule[];
  /** Every package listed, across modules. */
  packages: string[];
}

export interface GoMod {
  /** Path of the go.mod file. */
  file: string;
  modulePath: string;
  /** The `go` directive, e.g. "1.22" or "1.22.3"; undefined if absent. */
  goVersion: string | undefined;
  toolchain: string | undefined;
  requires: GoModRequire[];
  replaces: GoModReplace[];
  vendor: VendorInfo;
}

/** A go.mod the function cannot be built from; the message names the file and line. */
export class GoModError extends Error {
  override name = "GoModError";
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${file}: ${message}` : `${file}:${line}: ${message}`);
  }
}

const MODULE_PATH_CHAR = /^[A-Za-z0-9\-._~]$/;
const WINDOWS_RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$/i;

/**
 * Why `path` is not a valid Go module path, or undefined if it is. The rules are those of
 * golang.org/x/mod/module.CheckImportPath plus no leading dash: the path ends up in import
 * statements of generated code.
 */
export function modulePathProblem(path: string): string | undefined {
  if (path === "") return "the module path is empty";
  if (path.startsWith("/")) return "the module path starts with a slash";
  if (path.endsWith("/")) return "the module path ends with a slash";
  if (path.startsWith("-")) return "the module path starts with a dash";
  if (path.includes("//")) return "the module path has an empty element (double slash)";
  for (const elem of path.split("/")) {
    if (elem === "." || elem === "..") return `"${elem}" is not allowed as a path element`;
    if (elem.startsWith(".") || elem.endsWith(".")) return `path element "${elem}" starts or ends with a dot`;
    for (const c of elem) {
      if (!MODULE_PATH_CHAR.test(c)) return `character ${JSON.stringify(c)} is not allowed in a module path`;
    }
    const short = elem.split(".")[0] as string;
    if (WINDOWS_RESERVED.test(short)) return `"${elem}" is a reserved file name on Windows`;
    const tilde = elem.lastIndexOf("~");
    if (tilde > 0 && /^[0-9]+$/.test(elem.slice(tilde + 1))) return `"${elem}" looks like a Windows short name`;
  }
  return undefined;
}

/**
 * Why a directory name cannot be an element of a Go import path (golang.org/x/mod/module's
 * rules: ASCII letters and digits, - . _ ~ +, no leading dot), or undefined if it can.
 */
export function importPathElementProblem(element: string): string | undefined {
  const bad = [...element].find((c) => !/^[A-Za-z0-9\-._~+]$/.test(c));
  if (bad !== undefined) return `character ${JSON.stringify(bad)} is not allowed in an import path`;
  if (element.startsWith(".")) return `"${element}" starts with a dot`;
  return undefined;
}

// The go.mod lexer follows Go's own (golang.org/x/mod/modfile): whitespace is only space,
// tab and CR (LF ends a line); a word is a run of printable, non-space characters other than
// ()[]{}, ; strings are "quoted" or `raw` and end on their line. Anything else — a no-break or
// zero-width space, a form feed, a NUL, invalid UTF-8 — is an error Go reports too, named here
// with its line so the user can find it. A lexer that skips what it does not know never ends.
const GO_MOD_BLANK = new Set([" ", "\t", "\r"]);
const PUNCTUATION = new Set(["(", ")", "[", "]", "{", "}", ","]);
const WHITE_SPACE = /^\p{White_Space}$/u;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
/** What TextDecoder puts where the bytes were not UTF-8. */
const REPLACEMENT = "\uFFFD";

function isWordChar(c: string): boolean {
  // ASCII without the classes (each costs a compiled detect a millisecond to build): every
  // printable ASCII character is a letter, digit, punctuation or symbol, and none is a space.
  const code = c.charCodeAt(0);
  if (c.length === 1 && code < 0x80) return code > 0x20 && code < 0x7f && !PUNCTUATION.has(c);
  return c !== " " && !PUNCTUATION.has(c) && c !== REPLACEMENT && !WHITE_SPACE.test(c) && PRINTABLE.test(c);
}

function unexpected(c: string, file: string, line: number): GoModError {
  if (c === REPLACEMENT) return new GoModError("invalid UTF-8 (or U+FFFD): save go.mod as UTF-8 text", file, line);
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  const what = c === "\uFEFF" ? `${code} (a byte order mark)` : WHITE_SPACE.test(c) ? `${code} (a space Go does not accept)` : code;
  const fix = c === "\uFEFF" ? "save go.mod as UTF-8 without a BOM" : WHITE_SPACE.test(c) ? "replace it with a plain space" : "remove it";
  return new GoModError(`unexpected character ${what}, which go build rejects too: ${fix}`, file, line);
}

const SIMPLE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"' };

/** strconv.Unquote for a double-quoted Go string; undefined if Go would reject it. */
function unquoteGo(body: string): string | undefined {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    if (e === undefined) return undefined;
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      continue;
    }
    const digits = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : /[0-7]/.test(e) ? 3 : 0;
    if (digits === 0) return undefined;
    const text = e === "x" || e === "u" || e === "U" ? body.slice(i + 1, i + 1 + digits) : body.slice(i, i + 3);
    const octal = /[0-7]/.test(e);
    if (text.length !== digits || !(octal ? /^[0-7]+$/ : /^[0-9A-Fa-f]+$/).test(text)) return undefined;
    const value = Number.parseInt(text, octal ? 8 : 16);
    // As strconv: octal escapes are bytes (at most \377); \u and \U are code points, never surrogates.
    if ((octal && value > 0xff) || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff)) return undefined;
    out += String.fromCodePoint(value);
    i += /[0-7]/.test(e) ? 2 : digits;
  }
  return out;
}

/** Splits one go.mod line into tokens: words, strings and punctuation; `//` starts a comment. */
function tokenize(text: string, file: string, line: number): { tokens: string[]; comment: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = String.fromCodePoint(text.codePointAt(i) as number);
    if (GO_MOD_BLANK.has(c)) {
      i++;
    } else if (text.startsWith("//", i)) {
      // Comments may hold anything, invalid UTF-8 included, as in Go.
      return { tokens, comment: text.slice(i + 2).trim() };
    } else if (PUNCTUATION.has(c)) {
      tokens.push(c);
      i++;
    } else if (c === '"' || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += c === '"' && text[j] === "\\" ? 2 : 1;
      if (j >= text.length) throw new GoModError("unexpected newline in string", file, line);
      const body = text.slice(i + 1, j);
      const value = c === "`" ? body : unquoteGo(body);
      if (value === undefined) throw new GoModError(`invalid quoted string ${text.slice(i, j + 1)}`, file, line);
      tokens.push(value);
      i = j + 1;
    } else if (isWordChar(c)) {
      let j = i;
      while (j < text.length && !text.startsWith("//", j)) {
        const w = String.fromCodePoint(text.codePointAt(j) as number);
        if (!isWordChar(w)) break;
        if (text.startsWith("/*", j)) throw new GoModError("go.mod files use // comments, not /* comments", file, line);
        j += w.length;
      }
      tokens.push(text.slice(i, j));
      i = j;
    } else {
      throw unexpected(c, file, line);
    }
  }
  return { tokens, comment: "" };
}

const GO_VERSION = /^1(?:\.(?:0|[1-9][0-9]*)){0,2}(?:(?:rc|beta)[1-9][0-9]*)?$/;

/** Parses go.mod text. `file` is used in error messages. Throws GoModError. */
export function parseGoMod(text: string, file = "go.mod"): Omit<GoMod, "vendor"> {
  const result: Omit<GoMod, "vendor"> = {
    file,
    modulePath: "",
    goVersion: undefined,
    toolchain: undefined,
    requires: [],
    replaces: [],
  };
  let moduleLine: number | undefined;
  let block: string | undefined;
  const lines = text.split("\n");
  const directive = (verb: string, args: string[], comment: string, lineNo: number) => {
    switch (verb) {
      case "module":
        if (moduleLine !== undefined) throw new GoModError(`repeated module directive (first on line ${moduleLine})`, file, lineNo);
        if (args.length !== 1) throw new GoModError("usage: module module/path", file, lineNo);
        moduleLine = lineNo;
        result.modulePath = args[0] as string;
        break;
      case "go":
        if (args.length !== 1 || !GO_VERSION.test(args[0] as string)) {
          throw new GoModError(`invalid go version "${args.join(" ")}": must match format 1.23.0`, file, lineNo);
        }
        result.goVersion = args[0];
        break;
      case "toolchain":
        if (args.length !== 1) throw new GoModError("usage: toolchain name", file, lineNo);
        result.toolchain = args[0];
        break;
      case "require":
        if (args.length !== 2) throw new GoModError("usage: require module/path v1.2.3", file, lineNo);
        result.requires.push({
          path: args[0] as string,
          version: args[1] as string,
          indirect: /^indirect(?:;|$)/.test(comment),
        });
        break;
      case "replace": {
        const arrow = args.indexOf("=>");
        if (arrow < 1 || arrow > 2 || args.length - arrow - 1 < 1 || args.length - arrow - 1 > 2) {
          throw new GoModError("usage: replace module/path [v1.2.3] => other/module v1.4 | ../local/dir", file, lineNo);
        }
        result.replaces.push({
          oldPath: args[0] as string,
          ...(arrow === 2 ? { oldVersion: args[1] as string } : {}),
          newPath: args[arrow + 1] as string,
          ...(args.length - arrow - 1 === 2 ? { newVersion: args[arrow + 2] as string } : {}),
        });
        break;
      }
      default:
        // exclude, retract, godebug, tool, ignore: nothing detection needs.
        break;
    }
  };
  let blockLine = 0;
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const { tokens, comment } = tokenize(raw, file, lineNo);
    if (tokens.length === 0) return;
    if (block !== undefined) {
      if (tokens[0] === ")") {
        if (tokens.length > 1) throw new GoModError(`unexpected ${tokens[1]} after )`, file, lineNo);
        block = undefined;
        return;
      }
      if (tokens[tokens.length - 1] === "(") throw new GoModError(`a ${block} block (line ${blockLine}) cannot hold another block`, file, lineNo);
      directive(block, tokens, comment, lineNo);
      return;
    }
    const [verb, ...args] = tokens as [string, ...string[]];
    if (args.length === 1 && args[0] === "(") {
      block = verb;
      blockLine = lineNo;
      return;
    }
    if (args[0] === "(" && args[args.length - 1] === ")") {
      // `require ( a v1 )` on one line
      directive(verb, args.slice(1, -1), comment, lineNo);
      return;
    }
    directive(verb, args, comment, lineNo);
  });
  if (block !== undefined) throw new GoModError(`the ${block} block opened here is never closed with )`, file, blockLine);
  if (moduleLine === undefined) throw new GoModError("no module directive", file);
  const problem = modulePathProblem(result.modulePath);
  if (problem !== undefined) {
    throw new GoModError(
      `invalid module path "${result.modulePath}": ${problem}. Use a path like example.com/hello (go mod edit -module example.com/hello)`,
      file,
      moduleLine,
    );
  }
  return result;
}

/** Parses vendor/modules.txt. */
export function parseVendorModules(text: string): VendoredModule[] {
  const modules: VendoredModule[] = [];
  let current: VendoredModule | undefined;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "").trim();
    if (line === "") continue;
    if (line.startsWith("## ")) {
      if (current !== undefined) current.explicit = line.slice(3).split(";").some((s) => s.trim() === "explicit");
      continue;
    }
    if (line.startsWith("# ")) {
      const fields = line.slice(2).trim().split(/\s+/);
      const arrow = fields.indexOf("=>");
      const before = arrow < 0 ? fields : fields.slice(0, arrow);
      current = {
        path: before[0] ?? "",
        version: before[1] ?? "",
        explicit: false,
        packages: [],
        ...(arrow < 0 ? {} : { replacement: fields.slice(arrow + 1).join(" ") }),
      };
      modules.push(current);
      continue;
    }
    if (line.startsWith("#")) continue;
    current?.packages.push(line);
  }
  return modules;
}

/** Caps for the two module files: far above any real one, far below what hurts detect. */
export const MAX_GO_MOD_BYTES = 4 * 1024 * 1024;
export const MAX_MODULES_TXT_BYTES = 4 * 1024 * 1024;

// Invalid UTF-8 becomes U+FFFD, which the lexer accepts only inside comments, as Go does; a
// leading BOM is kept (TextDecoder would drop it) so the lexer can reject it as Go does.
const lenientUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text of a module file, undefined if absent; a file detect will not read is a GoModError. */
async function readModuleFile(path: string, maxBytes: number): Promise<string | undefined> {
  const read = await readBoundedFile(path, maxBytes);
  if (read.kind === "missing") return undefined;
  if (read.kind === "refused") throw new GoModError(`is ${read.reason}; fnpacks reads it only as a regular text file`, path);
  return lenientUtf8.decode(read.bytes);
}

export async function readVendorInfo(appDir: string): Promise<VendorInfo> {
  const text = await readModuleFile(path.join(appDir, "vendor", "modules.txt"), MAX_MODULES_TXT_BYTES);
  if (text === undefined) return { present: false, modules: [], packages: [] };
  const modules = parseVendorModules(text);
  return { present: true, modules, packages: modules.flatMap((m) => m.packages) };
}

/** Reads appDir/go.mod; undefined if there is none. Throws GoModError for a go.mod that is unusable. */
export async function readGoMod(appDir: string): Promise<GoMod | undefined> {
  const file = path.join(appDir, "go.mod");
  const text = await readModuleFile(file, MAX_GO_MOD_BYTES);
  if (text === undefined) return undefined;
  return { ...parseGoMod(text, file), vendor: await readVendorInfo(appDir) };
}

/** The modules of `modules` that go.mod does not require, in their order. */
export function missingRequirements(goMod: Pick<GoMod, "requires">, modules: readonly string[]): string[] {
  return modules.filter((module) => !goMod.requires.some((r) => r.path === module));
}
