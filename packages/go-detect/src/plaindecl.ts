// Declarations read from their text instead of a syntax tree. Most top-level funcs are written
// on one plain line — `func helper(a, b int) error {…}`, `func Handler(w http.ResponseWriter,
// r *http.Request) {…}`, `func (s *S) Name() {…}` — and what detection takes from them (a name,
// a line, a signature of plainly written types, or why it is no candidate) needs no parse; nor
// does a file's head (package clause, imports). tree-sitter (WASM, cold in a process as short
// as detect) spent most of detect's time on such text, and a package of nothing else needs no
// parser at all (see analyzeFunctionPackageLazily).
//
// Only what certainly parses the same is taken: a one-line signature in a strict subset of Go
// (ASCII names, no keywords, simple types, no generics, no comments), with an emptied body and
// nothing but blank lines or line comments until the next top-level declaration, after a line
// that already ends a declaration; signatures are written by the functions the walk itself
// uses on the same text. Anything else is left to the parser, and a differential test compares.
import type { WrittenFunc, WrittenIgnored, WrittenImport } from "./syntax";
import { parametersFromText, plainNamedType, type WrittenType } from "./written";

/**
 * A run of lines not taken, from the row (0-based) it starts at: left to the parser, or, when
 * it holds nothing but a plain package clause, plain imports, blank lines and line comments
 * (a file's head, often all that is left of a file of helpers), read here.
 */
export type Segment =
  | { kind: "parse"; text: string; row: number }
  | { kind: "read"; row: number; packageClause?: { name: string; line: number }; imports: WrittenImport[] };

/** What a text read found, and what is left for the parser. */
export interface PlainDeclarations {
  /** In line order; runs of blank lines and line comments alone are left out. */
  segments: Segment[];
  /** Each in line order, as syntax.ts's walk would fill them. */
  ignored: WrittenIgnored[];
  funcs: WrittenFunc[];
  unexportedFuncs: WrittenFunc[];
}

export interface PlainWanted {
  /** Unexported funcs' signatures are wanted too (ReadOptions.unexportedFuncs). */
  unexportedFuncs: boolean;
  /** Methods' signatures are wanted (ReadOptions.methodsAndTypes): methods are then left to the parser. */
  methods: boolean;
}

const KEYWORDS = new Set([
  "break",
  "case",
  "chan",
  "const",
  "continue",
  "default",
  "defer",
  "else",
  "fallthrough",
  "for",
  "func",
  "go",
  "goto",
  "if",
  "import",
  "interface",
  "map",
  "package",
  "range",
  "return",
  "select",
  "struct",
  "switch",
  "type",
  "var",
]);

const NAME = "[A-Za-z_][A-Za-z0-9_]*";
/** `func`, an optional receiver, a name, parameters, an optional result, then `{` and maybe `}`. */
const SIGNATURE = new RegExp(`^func[ \\t]+(?:\\(([^()]*)\\)[ \\t]*)?(${NAME})\\(([^()]*)\\)[ \\t]*(\\([^()]*\\)|[^(){}\\s][^(){}]*?)?[ \\t]*\\{(\\})?[ \\t]*$`);
/** A type: pointers and slices of a name or a qualified name. */
const TYPE = `(?:\\*|\\[\\])*${NAME}(?:\\.${NAME})?`;
/** A parameter: a type, or a name and a type, maybe variadic (where, isParamList checks). */
const PARAM = `(?:${NAME}[ \\t]+)?(?:\\.\\.\\.)?${TYPE}`;
const PARAM_LIST = new RegExp(`^[ \\t]*(?:${PARAM}(?:[ \\t]*,[ \\t]*${PARAM})*)?[ \\t]*$`);
const RESULT = new RegExp(`^[ \\t]*(?:${TYPE}|\\([ \\t]*${PARAM}(?:[ \\t]*,[ \\t]*${PARAM})*[ \\t]*\\))[ \\t]*$`);
/** A receiver: `(T)`, `(*T)`, `(t T)`, `(t *T)`. */
const RECEIVER = new RegExp(`^[ \\t]*(?:(${NAME})[ \\t]+)?\\*?[ \\t]*(${NAME})[ \\t]*$`);
/** A line that starts a top-level chunk (as syntax.ts's topLevelChunks splits a file). */
const TOP_LEVEL_KEYWORD = /^(?:package|import|func|var|const|type)\b/;
const BLANK_OR_LINE_COMMENT = /^[ \t]*(?:\/\/.*)?$/;
/** Characters after which a newline ends a declaration in Go (automatic semicolons). */
const ENDS_DECLARATION = /[A-Za-z0-9_)\]}"'`]$/;
const SEMICOLON_KEYWORDS = new Set(["break", "continue", "fallthrough", "return"]);
/** A declaration taken must be small: the parser's own size limits never come into play. */
const MAX_TAKEN_BYTES = 4096;

const isName = (text: string | undefined) => text !== undefined && !KEYWORDS.has(text);
/** A keyword as a whole word (the texts it is tried on are ASCII). */
const KEYWORD = new RegExp(`\\b(?:${[...KEYWORDS].join("|")})\\b`);

/** No keyword among the words of `text` (a keyword where a name belongs is a syntax error). */
const noKeywords = (text: string) => !KEYWORD.test(text);

/** A parameter list in the subset (empty allowed), `...` only on the last parameter. */
function isParamList(text: string): boolean {
  if (!PARAM_LIST.test(text)) return false;
  const variadic = text.indexOf("...");
  return variadic < 0 || (text.indexOf("...", variadic + 1) < 0 && text.indexOf(",", variadic) < 0);
}

/** A result in the subset: a type, or a parenthesised list of parameters without `...`. */
const isResult = (text: string | undefined) => text === undefined || (RESULT.test(text) && !text.includes("..."));

function isReceiver(text: string | undefined): boolean {
  return text === undefined || RECEIVER.test(text);
}

const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** The run of word characters that ends `text` (a pattern anchored at the end tries every start). */
function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
  return text.slice(start);
}

/** Whether the last line before `index` that is neither blank nor a line comment ends a declaration. */
function previousLineEnds(lines: readonly string[], index: number): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (BLANK_OR_LINE_COMMENT.test(line)) continue;
    if (line.includes("//") || line.includes("/*") || line.includes("*/")) return false;
    const trimmed = line.trimEnd();
    // A keyword ends a line without a semicolon (break, continue, fallthrough, return aside).
    const word = lastWord(trimmed);
    if (KEYWORDS.has(word) && !SEMICOLON_KEYWORDS.has(word)) return false;
    return ENDS_DECLARATION.test(trimmed);
  }
  return false;
}

/** Where the declaration starting at `index` ends (its `}` line), or -1 if its body is not empty. */
function closingLine(lines: readonly string[], index: number, closedOnFirstLine: boolean): number {
  if (closedOnFirstLine) return index;
  for (let i = index + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === "") continue;
    return /^\}[ \t]*$/.test(line) ? i : -1;
  }
  return -1;
}

/** The last line of the chunk ending at the next top-level keyword, or -1 if it holds anything but blank lines and line comments. */
function chunkEnd(lines: readonly string[], after: number): number {
  let i = after + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (TOP_LEVEL_KEYWORD.test(line)) break;
    if (!BLANK_OR_LINE_COMMENT.test(line)) return -1;
  }
  return i - 1;
}

/**
 * Reads the plain declarations among the top-level funcs starting at `funcLines` (1-based, as
 * blankFunctionBodies finds them: real top-level `func` keywords in column 0) of a text whose
 * bodies are emptied.
 */
export function readPlainDeclarations(blanked: string, funcLines: readonly number[], wanted: PlainWanted): PlainDeclarations {
  const lines = blanked.split("\n");
  const read: PlainDeclarations = { segments: [], ignored: [], funcs: [], unexportedFuncs: [] };
  const taken: [number, number][] = [];
  for (const funcLine of funcLines) {
    const index = funcLine - 1;
    const m = SIGNATURE.exec(lines[index] ?? "");
    if (m === null) continue;
    const [, receiver, name, params, result, closed] = m;
    const method = receiver !== undefined;
    if (!isName(name) || name === undefined || (method && wanted.methods) || (!method && name === "init")) continue;
    if (!isReceiver(receiver) || !isParamList(params as string) || !isResult(result)) continue;
    if (!noKeywords(`${receiver ?? ""} ${params} ${result ?? ""}`)) continue;
    const close = closingLine(lines, index, closed !== undefined);
    const end = close < 0 ? -1 : chunkEnd(lines, close);
    if (end < 0 || !previousLineEnds(lines, index)) continue;
    let bytes = 0;
    for (let i = index; i <= end; i++) bytes += (lines[i] as string).length + 1;
    if (bytes > MAX_TAKEN_BYTES) continue;
    if (method) {
      read.ignored.push({ name, line: funcLine, reason: "method (has a receiver)" });
    } else {
      // As the walk reads a func: exported ones, and unexported ones when wanted, with their
      // signature (written from the text the walk itself reads it from: parametersFromText).
      const exported = /^[A-Z]/.test(name);
      const signature = exported || wanted.unexportedFuncs ? writtenSignature(name, funcLine, params as string, result) : undefined;
      if ((exported || wanted.unexportedFuncs) && signature === undefined) continue;
      if (!exported) read.ignored.push({ name, line: funcLine, reason: "not exported" });
      if (signature) (exported ? read.funcs : read.unexportedFuncs).push(signature);
    }
    taken.push([index, end]);
  }
  if (taken.length === 0) return { ...read, segments: [{ kind: "parse", text: blanked, row: 0 }] };
  const segments: Segment[] = [];
  const keep = (from: number, to: number) => {
    const run = lines.slice(from, to);
    if (run.every((line) => BLANK_OR_LINE_COMMENT.test(line))) return;
    segments.push(readHead(run, from, segments.length === 0) ?? { kind: "parse", text: run.join("\n"), row: from });
  };
  let next = 0;
  for (const [from, to] of taken) {
    keep(next, from);
    next = to + 1;
  }
  keep(next, lines.length);
  return { ...read, segments };
}

/**
 * A func's signature as the walk writes it: parameters and a parenthesised result through
 * parametersFromText (what the walk tries first, on the same text), a single result only
 * when it is a plainly named type (what the walk reads from its text too). Undefined otherwise.
 */
function writtenSignature(name: string, line: number, params: string, result: string | undefined): WrittenFunc | undefined {
  const written = parametersFromText(`(${params})`);
  const trimmed = result?.trim();
  let results: WrittenType[] | undefined = [];
  if (trimmed !== undefined) results = trimmed.startsWith("(") ? parametersFromText(trimmed) : single(plainNamedType(trimmed, false));
  return written && results ? { name, line, params: written, results } : undefined;
}

const single = (type: WrittenType | undefined) => (type ? [type] : undefined);

const PACKAGE_LINE = new RegExp(`^package[ \\t]+(${NAME})[ \\t]*$`);
/** An import path as written plainly: no escapes, nothing a parser could read otherwise. */
const IMPORT_SPEC = new RegExp(`^(?:(${NAME}|\\.)[ \\t]+)?"([A-Za-z0-9_./~+-]+)"[ \\t]*$`);
const IMPORT_LINE = new RegExp(`^import[ \\t]+(${IMPORT_SPEC.source.slice(1)})`);
const IMPORT_OPEN = /^import[ \t]*\([ \t]*$/;
const IMPORT_CLOSE = /^\)[ \t]*$/;

function importOf(spec: RegExpExecArray, line: number): WrittenImport | undefined {
  const alias = spec[1];
  if (alias !== undefined && alias !== "_" && alias !== "." && KEYWORDS.has(alias)) return undefined;
  return { path: spec[2] as string, ...(alias !== undefined ? { alias } : {}), line };
}

/**
 * A run of lines read as the parser would read it, when it holds only a plain package clause
 * (in the file's first run), plain imports (one per line, alone or in a block), blank lines
 * and line comments; undefined for anything else.
 */
function readHead(run: readonly string[], row: number, first: boolean): Segment | undefined {
  const read: Segment & { kind: "read" } = { kind: "read", row, imports: [] };
  let inBlock = false;
  for (let i = 0; i < run.length; i++) {
    const line = run[i] as string;
    const at = row + i + 1;
    if (BLANK_OR_LINE_COMMENT.test(line)) continue;
    if (inBlock) {
      if (IMPORT_CLOSE.test(line)) {
        inBlock = false;
        continue;
      }
      const spec = IMPORT_SPEC.exec(line.trim());
      const imported = spec && importOf(spec, at);
      if (!imported) return undefined;
      read.imports.push(imported);
      continue;
    }
    const clause = PACKAGE_LINE.exec(line);
    if (clause) {
      if (!first || read.packageClause || read.imports.length > 0 || clause[1] === "_" || KEYWORDS.has(clause[1] as string)) return undefined;
      read.packageClause = { name: clause[1] as string, line: at };
      continue;
    }
    if (!read.packageClause && first) return undefined;
    if (IMPORT_OPEN.test(line)) {
      inBlock = true;
      continue;
    }
    const single = IMPORT_LINE.exec(line);
    const spec = single && IMPORT_SPEC.exec(single[1] as string);
    const imported = spec && importOf(spec, at);
    if (!imported) return undefined;
    read.imports.push(imported);
  }
  return inBlock ? undefined : read;
}

/** `a` and `b`, each in line order, as one list in line order (a's first on a tie). */
export function mergeByLine<T extends { line: number }>(a: readonly T[], b: readonly T[]): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as T).line <= (b[j] as T).line)) out.push(a[i++] as T);
    else out.push(b[j++] as T);
  }
  return out;
}
