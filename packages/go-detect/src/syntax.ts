// Reads the declarations detection needs out of one Go file's syntax tree. Types stay as
// written (qualifier + name); resolving them needs the whole package (see resolve.ts).
import type { Node, Tree } from "web-tree-sitter";
import { type BlankedSource, blankFunctionBodies, MAX_INIT_BODY_BYTES } from "./bodies";
import { docComment, TextLines } from "./doc";
import { goStringValue, readInitCalls, type WrittenCall } from "./initcalls";
import { type GoParser, ParserNeeded } from "./parser";
import { mergeByLine, readPlainDeclarations } from "./plaindecl";
import { readTypeSpec, type WrittenTypeDecl } from "./typedecl";
import { identPattern } from "./unicode";
import { collapse, hasErrors, line, named, parameters, unparenthesized, type WrittenType, writtenType } from "./written";

export type { WrittenType } from "./written";

export interface WrittenImport {
  path: string;
  alias?: string;
  line: number;
}

export interface WrittenFunc {
  name: string;
  line: number;
  params: WrittenType[];
  results: WrittenType[];
  /** Exported funcs: the doc comment, when there is one (see doc.ts). */
  doc?: string;
}

export interface WrittenMethod extends WrittenFunc {
  /** The receiver's type name: `T` for `func (t *T)`. */
  receiver: string;
  /** `func (t *T)` rather than `func (t T)`. */
  pointerReceiver: boolean;
}

export interface WrittenVar {
  name: string;
  line: number;
  type: WrittenType;
}

export interface WrittenIgnored {
  name: string;
  line: number;
  reason: string;
  /** For a method whose signature could not be read: its receiver's type name, when readable. */
  receiver?: string;
}

export interface FileSyntax {
  packageName?: string;
  packageLine?: number;
  imports: WrittenImport[];
  /** Exported, non-generic top-level funcs. */
  funcs: WrittenFunc[];
  /** Unexported, non-generic top-level funcs other than init (a registration may name one). */
  unexportedFuncs: WrittenFunc[];
  /** Methods of non-generic receiver types, exported or not. */
  methods: WrittenMethod[];
  vars: WrittenVar[];
  /** Package-level defined types (`type T …`). */
  types: WrittenTypeDecl[];
  /** Package-level aliases (`type A = B`). */
  typeAliases: { name: string; type: WrittenType }[];
  /** Statement-level qualified calls in `func init()` bodies. */
  initCalls: WrittenCall[];
  ignored: WrittenIgnored[];
  syntaxErrorLines: number[];
}

/** Enough syntax error lines to point at the problem; a garbage file would have thousands. */
const MAX_ERROR_LINES = 10;
const EXPORTED = /^\p{Lu}/u;
const TOP_LEVEL_KEYWORD = /^(?:package|import|func|var|const|type)\b/;

/** Where a walk is: rows of a chunk are offset, and only a tree with errors needs error checks. */
interface Walk {
  rowOffset: number;
  into: FileSyntax;
  treeHasErrors: boolean;
  /** Read methods' signatures and types' fields (ReadOptions.methodsAndTypes). */
  detail: boolean;
  /** Read unexported funcs' signatures (ReadOptions.unexportedFuncs). */
  unexported: boolean;
}

function broken(walk: Walk, ...nodes: (Node | null)[]): boolean {
  return walk.treeHasErrors && hasErrors(...nodes);
}

/**
 * Reads the top-level declarations. A Go file's top level is a flat list, so a switch on the
 * node type says it as plainly as a query would; it also costs far less in a cold start (a
 * tree-sitter query took 36 ms for 20 files in the bun-compiled executable, this walk 2 ms).
 */
function collect(root: Node, rowOffset: number, into: FileSyntax, detail: boolean, unexported: boolean): void {
  const walk: Walk = { rowOffset, into, treeHasErrors: root.hasError, detail, unexported };
  for (const decl of named(root)) {
    switch (decl.type) {
      case "package_clause": {
        const name = named(decl).find((c) => c.type === "package_identifier");
        if (name && into.packageName === undefined && !broken(walk, decl)) {
          into.packageName = name.text;
          into.packageLine = line(name, rowOffset);
        }
        break;
      }
      case "import_declaration":
        for (const child of named(decl)) {
          const specs = child.type === "import_spec_list" ? named(child) : [child];
          for (const spec of specs) if (spec.type === "import_spec") addImport(spec, walk);
        }
        break;
      case "function_declaration":
        addFunc(decl, walk);
        break;
      case "method_declaration":
        addMethod(decl, walk);
        break;
      case "var_declaration":
        for (const child of named(decl)) {
          const specs = child.type === "var_spec_list" ? named(child) : [child];
          for (const spec of specs) if (spec.type === "var_spec") addVars(spec, walk);
        }
        break;
      case "type_declaration":
        for (const spec of named(decl)) addType(spec, walk);
        break;
    }
  }
}

function addImport(spec: Node, walk: Walk): void {
  const { rowOffset, into } = walk;
  const path = spec.childForFieldName("path");
  if (path === null || broken(walk, spec)) return;
  const alias = spec.childForFieldName("name");
  const text = path.text;
  into.imports.push({ path: goStringValue(text) ?? text.slice(1, -1), ...(alias ? { alias: alias.text } : {}), line: line(spec, rowOffset) });
}

function addType(spec: Node, walk: Walk): void {
  const { into } = walk;
  const name = spec.childForFieldName("name");
  if (name === null || broken(walk, spec)) return;
  if (spec.type === "type_spec") {
    const decl = walk.detail
      ? readTypeSpec(spec, walk.rowOffset)
      : { name: name.text, line: line(spec, walk.rowOffset), generic: spec.childForFieldName("type_parameters") !== null, underlying: { kind: "other" as const } };
    if (decl) into.types.push(decl);
  } else if (spec.type === "type_alias" && spec.childForFieldName("type_parameters") === null) {
    const type = spec.childForFieldName("type");
    if (type) into.typeAliases.push({ name: name.text, type: writtenType(type) });
  }
}

function addFunc(node: Node, walk: Walk): void {
  const { rowOffset, into } = walk;
  const nameNode = node.childForFieldName("name");
  if (nameNode === null) return;
  const name = nameNode.text;
  const at = line(node, rowOffset);
  const typeParams = node.childForFieldName("type_parameters");
  const params = node.childForFieldName("parameters");
  const result = node.childForFieldName("result");
  if (broken(walk, nameNode, typeParams, params, result)) {
    into.ignored.push({ name, line: at, reason: "syntax error in the signature" });
    return;
  }
  if (name === "init" && typeParams === null && result === null && parameters(params).length === 0) {
    into.ignored.push({ name, line: at, reason: "a package initialiser (its calls are read as registrations)" });
    addInit(node, at, walk);
    return;
  }
  const exported = EXPORTED.test(name);
  if (!exported) {
    into.ignored.push({ name, line: at, reason: "not exported" });
  } else if (typeParams !== null) {
    into.ignored.push({ name, line: at, reason: "generic (has type parameters)" });
  }
  // An unexported func matters only when an init registration may name it.
  if (typeParams !== null || (!exported && !walk.unexported)) return;
  (exported ? into.funcs : into.unexportedFuncs).push({ name, line: at, params: parameters(params), results: parameters(result) });
}

/** A package initialiser: its statement-level calls are read (see initcalls.ts). */
function addInit(node: Node, at: number, walk: Walk): void {
  const body = node.childForFieldName("body");
  if (body === null) return;
  if (broken(walk, body)) {
    walk.into.ignored.push({ name: "init", line: at, reason: "syntax error in the body: its calls are not read" });
    return;
  }
  readInitCalls(body, walk.rowOffset, walk.into.initCalls);
}

/** `(t *T)`, `(T)`, `(t T[K])`: a receiver as gofmt writes it. */
const PLAIN_RECEIVER = identPattern((ident) => `^\\(\\s*(?:${ident}\\s+)?(\\*?)\\s*(${ident})\\s*(\\[[^\\]]*\\])?\\s*\\)$`);

/** A receiver's type: `T`, `*T`, `(*T)`; generic receivers (`*T[K]`) are flagged, not read. */
function receiverType(list: Node | null): { name: string; pointer: boolean; generic: boolean } | undefined {
  const plain = list && PLAIN_RECEIVER.exec(list.text);
  if (plain) return { name: plain[2] as string, pointer: plain[1] === "*", generic: plain[3] !== undefined };
  const decls = list ? named(list).filter((d) => d.type === "parameter_declaration") : [];
  const type = decls.length === 1 ? (decls[0] as Node).childForFieldName("type") : null;
  if (type === null) return undefined;
  let inner = unparenthesized(type);
  const pointer = inner.type === "pointer_type";
  if (pointer) {
    const target = named(inner)[0];
    if (target === undefined) return undefined;
    inner = unparenthesized(target);
  }
  if (inner.type === "type_identifier") return { name: inner.text, pointer, generic: false };
  const generic = inner.type === "generic_type" ? inner.childForFieldName("type") : null;
  return generic ? { name: generic.text, pointer, generic: true } : undefined;
}

function addMethod(node: Node, walk: Walk): void {
  const { rowOffset, into } = walk;
  const nameNode = node.childForFieldName("name");
  if (nameNode === null) return;
  const name = nameNode.text;
  const at = line(node, rowOffset);
  // Without methodsAndTypes a method is only named, as the near miss it is for a function.
  if (!walk.detail) {
    into.ignored.push({ name, line: at, reason: "method (has a receiver)" });
    return;
  }
  const receiverList = node.childForFieldName("receiver");
  const receiver = broken(walk, receiverList) ? undefined : receiverType(receiverList);
  const params = node.childForFieldName("parameters");
  const result = node.childForFieldName("result");
  if (broken(walk, nameNode, receiverList, params, result)) {
    const of = receiver && !receiver.generic ? { receiver: receiver.name } : {};
    into.ignored.push({ name, line: at, reason: "syntax error in the signature", ...of });
    return;
  }
  if (receiver?.generic) {
    const written = collapse(receiverList?.text ?? "");
    into.ignored.push({ name, line: at, reason: `method of a generic type ${written}: generic types are not supported` });
    return;
  }
  into.ignored.push({ name, line: at, reason: "method (has a receiver)" });
  if (receiver === undefined || !walk.detail) return;
  into.methods.push({
    name,
    line: at,
    receiver: receiver.name,
    pointerReceiver: receiver.pointer,
    params: parameters(params),
    results: parameters(result),
  });
}

function addVars(spec: Node, walk: Walk): void {
  const { rowOffset, into } = walk;
  const type = spec.childForFieldName("type");
  const at = line(spec, rowOffset);
  for (const nameNode of spec.childrenForFieldName("name")) {
    if (nameNode === null) continue;
    const name = nameNode.text;
    if (!EXPORTED.test(name) || name === "_") continue;
    if (broken(walk, spec)) into.ignored.push({ name, line: at, reason: "syntax error in the declaration" });
    else if (type === null) into.ignored.push({ name, line: at, reason: "var without an explicit type" });
    else into.vars.push({ name, line: at, type: writtenType(type) });
  }
}

function errorLines(root: Node, rowOffset: number): number[] {
  const lines = new Set<number>();
  const visit = (node: Node) => {
    if (node.isError || node.isMissing) {
      lines.add(line(node, rowOffset));
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child !== null) visit(child);
  };
  visit(root);
  return [...lines].sort((a, b) => a - b);
}

/**
 * The top-level chunks of a file: each starts at a line that begins (in column 0, as gofmt
 * writes it) with a declaration keyword. Parsing them one by one keeps a syntax error from
 * swallowing the declarations after it.
 */
function topLevelChunks(source: string): { text: string; row: number }[] {
  const lines = source.split("\n");
  const chunks: { text: string; row: number }[] = [];
  let start = 0;
  for (let i = 1; i <= lines.length; i++) {
    if (i === lines.length || TOP_LEVEL_KEYWORD.test(lines[i] as string)) {
      chunks.push({ text: lines.slice(start, i).join("\n"), row: start });
      start = i;
    }
  }
  return chunks;
}

export interface ReadOptions {
  /** Blank function bodies before parsing (twice as fast; bodies are never read). Default true. */
  blankBodies?: boolean;
  /** Polled during parsing; true ends the read with ParseCancelled (see budget.ts). */
  shouldStop?: () => boolean;
  /**
   * The most text one parse is given. Parse time and memory grow with it, and faster than
   * linearly on text that is not Go, so a larger (or too deeply nested, see MAX_NESTING) file
   * is read declaration by declaration, and such a declaration is left unread. Default
   * MAX_PARSE_BYTES.
   */
  maxParseBytes?: number;
  /**
   * Read methods' signatures and struct and interface types' members (default true). Off,
   * methods are only named as near misses and types only by name: a signature without
   * constructor specs never looks at them, and reading them costs detect a fifth of its time.
   */
  methodsAndTypes?: boolean;
  /**
   * Read unexported funcs' signatures (default true): only a registration in some init() can
   * make one a candidate, so a package without init() need not pay for them.
   */
  unexportedFuncs?: boolean;
  /**
   * Read plainly written declarations and the file's head from the text, leaving the rest to
   * the parser (see plaindecl.ts); default true. Off only to compare.
   */
  plainDeclarations?: boolean;
}

/** After blanking bodies no real declaration comes near this; generated files may, in total. */
export const MAX_PARSE_BYTES = 512 * 1024;

/**
 * Deeper bracket nesting than real declarations ever have. tree-sitter's memory and the gaps
 * between its progress callbacks grow with nesting (a megabyte of `x(x(x(` took 1.3 GB and
 * seconds between callbacks), so text nested deeper is not parsed at all.
 */
export const MAX_NESTING = 256;

/** Where to go on past a closing token found at `at` (-1: never closed, so the end). */
function after(at: number, length: number, end: number): number {
  return at < 0 ? end : at + length;
}

/** What changes the nesting, or hides brackets: a regex jumps between them in native code. */
const NESTING_TOKEN = /[()[\]{}`"'/]/g;

const OTHER_THAN_OPENING_BRACKETS = /[^([{]+/g;

/** How many ( [ { the text holds, anywhere: no nesting is deeper, and most files hold few. */
function openingBrackets(text: string): number {
  return text.replace(OTHER_THAN_OPENING_BRACKETS, "").length;
}

/**
 * The deepest ( [ { nesting in Go text, outside comments, strings and runes; it stops
 * counting once past `stopAbove`. Linear, and it runs on every file detect reads.
 */
export function nestingDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  NESTING_TOKEN.lastIndex = 0;
  for (let match = NESTING_TOKEN.exec(text); match !== null; match = NESTING_TOKEN.exec(text)) {
    const i = match.index;
    const c = match[0];
    let resume = i + 1;
    if (c === "(" || c === "[" || c === "{") {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === ")" || c === "]" || c === "}") {
      if (depth > 0) depth--;
    } else if (c === "/") {
      const next = text[i + 1];
      if (next === "/") resume = after(text.indexOf("\n", i), 1, text.length);
      else if (next === "*") resume = after(text.indexOf("*/", i + 2), 2, text.length);
    } else if (c === "`") {
      resume = after(text.indexOf("`", i + 1), 1, text.length);
    } else {
      // "…" or '…': to the closing quote, past escapes, or to the end of the line.
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      resume = j + 1;
    }
    NESTING_TOKEN.lastIndex = resume;
  }
  return deepest;
}

/**
 * Reads the file with its plain declarations taken from the text and the runs of lines
 * between them parsed, when each of those parses without an error; false (and `into`
 * untouched) otherwise, and the file is read as a whole. Runs of whole declarations that
 * parse cleanly read as the file would (a text with errors is read chunk by chunk, and
 * taking declarations out would move the chunks' edges).
 */
function readWithPlainDeclarations(parse: (text: string) => Tree, blanked: BlankedSource, into: FileSyntax, detail: boolean, unexported: boolean): boolean {
  const plain = readPlainDeclarations(blanked.text, blanked.topLevelFuncLines, { unexportedFuncs: unexported, methods: detail });
  if (plain.ignored.length + plain.funcs.length + plain.unexportedFuncs.length === 0) return false;
  // What is left to parse, at its rows, parsed at once: one parse costs less than one per run.
  const runs = plain.segments.filter((segment) => segment.kind === "parse");
  const tree = runs.length > 0 ? parse(layOut(runs)) : undefined;
  try {
    if (tree?.rootNode.hasError) return false;
    const first = into.ignored.length; // the oversized init() bodies stay first
    const heads = plain.segments.flatMap((segment) => (segment.kind === "read" ? [segment] : []));
    const clause = heads.find((head) => head.packageClause)?.packageClause;
    if (clause) {
      into.packageName = clause.name;
      into.packageLine = clause.line;
    }
    if (tree) collect(tree.rootNode, 0, into, detail, unexported);
    into.imports = mergeByLine(
      heads.flatMap((head) => head.imports),
      into.imports,
    );
    into.ignored = [...into.ignored.slice(0, first), ...mergeByLine(into.ignored.slice(first), plain.ignored)];
    into.funcs = mergeByLine(into.funcs, plain.funcs);
    into.unexportedFuncs = mergeByLine(into.unexportedFuncs, plain.unexportedFuncs);
    return true;
  } finally {
    tree?.delete();
  }
}

/** Runs of lines put back at their rows, the lines between them empty. */
function layOut(runs: readonly { text: string; row: number }[]): string {
  const lines: string[] = [];
  for (const run of runs) {
    while (lines.length < run.row) lines.push("");
    lines.push(...run.text.split("\n"));
  }
  return lines.join("\n");
}

/**
 * Reads one file's declarations. Never throws on bad Go: broken declarations are left out.
 * Without a parser, a file read from its text alone (see plaindecl.ts) is read; any other
 * throws ParserNeeded.
 */
export function readFileSyntax(parser: GoParser | undefined, original: string, options: ReadOptions = {}): FileSyntax {
  const syntax = readDeclarations(parser, original, options);
  if (syntax.funcs.length > 0) {
    // From the text as written: comments are never blanked, and a broken file's chunks would
    // separate a func from the comment above it.
    const lines = new TextLines(original);
    for (const f of syntax.funcs) {
      const doc = docComment(lines, f.line);
      if (doc !== undefined) f.doc = doc;
    }
  }
  return syntax;
}

function readDeclarations(parser: GoParser | undefined, original: string, options: ReadOptions): FileSyntax {
  const blanked = options.blankBodies === false ? { text: original, oversizedInitLines: [], topLevelFuncLines: [] } : blankFunctionBodies(original);
  const source = blanked.text;
  const maxParseBytes = options.maxParseBytes ?? MAX_PARSE_BYTES;
  const detail = options.methodsAndTypes ?? true;
  const unexported = options.unexportedFuncs ?? true;
  const parse = (text: string) => {
    if (parser === undefined) throw new ParserNeeded();
    return parser.parse(text, options.shouldStop);
  };
  const syntax: FileSyntax = {
    imports: [],
    funcs: [],
    unexportedFuncs: [],
    methods: [],
    vars: [],
    types: [],
    typeAliases: [],
    initCalls: [],
    ignored: blanked.oversizedInitLines.map((at) => ({ name: "init", line: at, reason: `body over ${MAX_INIT_BODY_BYTES} bytes: its calls are not read` })),
    syntaxErrorLines: [],
  };
  const tooDeep = (text: string) => openingBrackets(text) > MAX_NESTING && nestingDepth(text, MAX_NESTING) > MAX_NESTING;
  if (source.length <= maxParseBytes && !tooDeep(source)) {
    if (options.plainDeclarations !== false && readWithPlainDeclarations(parse, blanked, syntax, detail, unexported)) return syntax;
    const tree = parse(source);
    try {
      if (!tree.rootNode.hasError) {
        collect(tree.rootNode, 0, syntax, detail, unexported);
        return syntax;
      }
    } finally {
      tree.delete();
    }
  }
  for (const chunk of topLevelChunks(source)) {
    if (chunk.text.length > maxParseBytes) {
      syntax.ignored.push({ name: "(declaration)", line: chunk.row + 1, reason: `over ${maxParseBytes} bytes, not read` });
      continue;
    }
    if (tooDeep(chunk.text)) {
      syntax.ignored.push({ name: "(declaration)", line: chunk.row + 1, reason: `brackets nested over ${MAX_NESTING} deep, not read` });
      continue;
    }
    const chunkTree = parse(chunk.text);
    try {
      collect(chunkTree.rootNode, chunk.row, syntax, detail, unexported);
      if (syntax.syntaxErrorLines.length < MAX_ERROR_LINES) {
        syntax.syntaxErrorLines.push(...errorLines(chunkTree.rootNode, chunk.row));
      }
    } finally {
      chunkTree.delete();
    }
  }
  syntax.syntaxErrorLines = syntax.syntaxErrorLines.slice(0, MAX_ERROR_LINES);
  return syntax;
}
