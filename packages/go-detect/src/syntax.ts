// Reads the declarations detection needs out of one Go file's syntax tree. Types stay as
// written (qualifier + name); resolving them needs the whole package (see resolve.ts).
import type { Node } from "web-tree-sitter";
import { blankFunctionBodies } from "./bodies";
import type { GoParser } from "./parser";

/** A type as written: `qualifier.name`, `name`, or something composite. */
export interface WrittenType {
  qualifier?: string;
  /** "" for composite types. */
  name: string;
  pointer: boolean;
  variadic: boolean;
  text: string;
}

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
}

export interface WrittenVar {
  name: string;
  line: number;
  type: WrittenType;
}

export interface FileSyntax {
  packageName?: string;
  packageLine?: number;
  imports: WrittenImport[];
  funcs: WrittenFunc[];
  vars: WrittenVar[];
  /** Names of package-level defined types (`type T …`). */
  typeNames: string[];
  /** Package-level aliases (`type A = B`). */
  typeAliases: { name: string; type: WrittenType }[];
  ignored: { name: string; line: number; reason: string }[];
  syntaxErrorLines: number[];
}

/** Enough syntax error lines to point at the problem; a garbage file would have thousands. */
const MAX_ERROR_LINES = 10;
const EXPORTED = /^\p{Lu}/u;
const TOP_LEVEL_KEYWORD = /^(?:package|import|func|var|const|type)\b/;

const line = (node: Node, rowOffset: number) => node.startPosition.row + rowOffset + 1;
const collapse = (text: string) => text.replace(/\s+/g, " ").trim();

function unquote(literal: string): string {
  if (literal.startsWith("`")) return literal.slice(1, -1);
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

/** `((T))` → `T`. */
function unparenthesized(node: Node): Node {
  let inner = node;
  while (inner.type === "parenthesized_type") {
    const next = inner.namedChildren.find((c) => c !== null);
    if (!next) break;
    inner = next;
  }
  return inner;
}

/** A type node reduced to what matching needs. */
export function writtenType(node: Node, variadic = false): WrittenType {
  const text = collapse(node.text);
  let inner = unparenthesized(node);
  let pointer = false;
  if (inner.type === "pointer_type") {
    const child = inner.namedChildren.find((c) => c !== null);
    const target = child && unparenthesized(child);
    if (target && (target.type === "qualified_type" || target.type === "type_identifier")) {
      pointer = true;
      inner = target;
    }
  }
  if (inner.type === "qualified_type") {
    const pkg = inner.childForFieldName("package");
    const name = inner.childForFieldName("name");
    if (pkg && name) return { qualifier: pkg.text, name: name.text, pointer, variadic, text };
  }
  if (inner.type === "type_identifier") return { name: inner.text, pointer, variadic, text };
  return { name: "", pointer: false, variadic, text };
}

/** The parameters of a parameter_list, one entry per name (`a, b T` gives two). */
function parameters(list: Node | null): WrittenType[] {
  if (list === null) return [];
  if (list.type !== "parameter_list") return [writtenType(list)];
  const out: WrittenType[] = [];
  for (const decl of list.namedChildren) {
    if (decl === null) continue;
    if (decl.type !== "parameter_declaration" && decl.type !== "variadic_parameter_declaration") continue;
    const type = decl.childForFieldName("type");
    if (type === null) continue;
    const written = writtenType(type, decl.type === "variadic_parameter_declaration");
    const names = decl.childrenForFieldName("name").filter((n) => n !== null).length;
    for (let i = 0; i < Math.max(1, names); i++) out.push(written);
  }
  return out;
}

/** Where a walk is: rows of a chunk are offset, and only a tree with errors needs error checks. */
interface Walk {
  rowOffset: number;
  into: FileSyntax;
  treeHasErrors: boolean;
}

function broken(walk: Walk, ...nodes: (Node | null)[]): boolean {
  return walk.treeHasErrors && hasErrors(...nodes);
}

function hasErrors(...nodes: (Node | null)[]): boolean {
  return nodes.some((n) => n !== null && (n.hasError || n.isMissing));
}

const named = (node: Node): Node[] => node.namedChildren.filter((c): c is Node => c !== null);

/**
 * Reads the top-level declarations. A Go file's top level is a flat list, so a switch on the
 * node type says it as plainly as a query would; it also costs far less in a cold start (a
 * tree-sitter query took 36 ms for 20 files in the bun-compiled executable, this walk 2 ms).
 */
function collect(root: Node, rowOffset: number, into: FileSyntax): void {
  const walk: Walk = { rowOffset, into, treeHasErrors: root.hasError };
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
      case "method_declaration": {
        const name = decl.childForFieldName("name")?.text ?? "?";
        into.ignored.push({ name, line: line(decl, rowOffset), reason: "method (has a receiver)" });
        break;
      }
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
  into.imports.push({ path: unquote(path.text), ...(alias ? { alias: alias.text } : {}), line: line(spec, rowOffset) });
}

function addType(spec: Node, walk: Walk): void {
  const { into } = walk;
  const name = spec.childForFieldName("name");
  if (name === null || broken(walk, spec)) return;
  if (spec.type === "type_spec") {
    into.typeNames.push(name.text);
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
  if (!EXPORTED.test(name)) {
    into.ignored.push({ name, line: at, reason: "not exported" });
    return;
  }
  if (typeParams !== null) {
    into.ignored.push({ name, line: at, reason: "generic (has type parameters)" });
    return;
  }
  into.funcs.push({ name, line: at, params: parameters(params), results: parameters(result) });
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
}

/** After blanking bodies no real declaration comes near this; generated files may, in total. */
export const MAX_PARSE_BYTES = 512 * 1024;

/**
 * Deeper bracket nesting than real declarations ever have. tree-sitter's memory and the gaps
 * between its progress callbacks grow with nesting (a megabyte of `x(x(x(` took 1.3 GB and
 * seconds between callbacks), so text nested deeper is not parsed at all.
 */
export const MAX_NESTING = 256;

/** The deepest ( [ { nesting in Go text, outside comments, strings and runes. Linear. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === ")" || c === "]" || c === "}") {
      if (depth > 0) depth--;
    } else if (c === "/" && text[i + 1] === "/") {
      const end = text.indexOf("\n", i);
      i = end < 0 ? text.length : end;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === "`") {
      const end = text.indexOf("`", i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      i = j;
    }
  }
  return deepest;
}

/** Reads one file's declarations. Never throws on bad Go: broken declarations are left out. */
export function readFileSyntax(parser: GoParser, original: string, options: ReadOptions = {}): FileSyntax {
  const source = options.blankBodies === false ? original : blankFunctionBodies(original);
  const maxParseBytes = options.maxParseBytes ?? MAX_PARSE_BYTES;
  const parse = (text: string) => parser.parse(text, options.shouldStop);
  const syntax: FileSyntax = {
    imports: [],
    funcs: [],
    vars: [],
    typeNames: [],
    typeAliases: [],
    ignored: [],
    syntaxErrorLines: [],
  };
  const tooDeep = (text: string) => nestingDepth(text) > MAX_NESTING;
  if (source.length <= maxParseBytes && !tooDeep(source)) {
    const tree = parse(source);
    try {
      if (!tree.rootNode.hasError) {
        collect(tree.rootNode, 0, syntax);
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
      collect(chunkTree.rootNode, chunk.row, syntax);
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
