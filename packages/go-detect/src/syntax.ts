// Reads the declarations detection needs out of one Go file's syntax tree. Types stay as
// written (qualifier + name); resolving them needs the whole package (see resolve.ts).
import type { Node } from "web-tree-sitter";
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

// One query for every top-level declaration detection looks at.
const DECLARATIONS_QUERY = `
(source_file (package_clause (package_identifier) @package))
(source_file (import_declaration (import_spec) @import))
(source_file (import_declaration (import_spec_list (import_spec) @import)))
(source_file (function_declaration) @func)
(source_file (method_declaration) @method)
(source_file (var_declaration (var_spec) @var))
(source_file (var_declaration (var_spec_list (var_spec) @var)))
(source_file (type_declaration (type_spec name: (type_identifier) @type)))
(source_file (type_declaration (type_alias) @alias))
`;

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

/** A type node reduced to what matching needs. */
export function writtenType(node: Node, variadic = false): WrittenType {
  const text = collapse(node.text);
  let inner = node;
  while (inner.type === "parenthesized_type") {
    const next = inner.namedChildren.find((c) => c !== null);
    if (!next) break;
    inner = next;
  }
  let pointer = false;
  if (inner.type === "pointer_type") {
    const target = inner.namedChildren.find((c) => c !== null);
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

function hasErrors(...nodes: (Node | null)[]): boolean {
  return nodes.some((n) => n !== null && (n.hasError || n.isMissing));
}

function collect(root: Node, parser: GoParser, rowOffset: number, into: FileSyntax): void {
  const query = parser.query(DECLARATIONS_QUERY);
  // Patterns start at the root: maxStartDepth 0 keeps the cursor out of function bodies.
  for (const match of query.matches(root, { maxStartDepth: 0 })) {
    for (const { name: capture, node } of match.captures) {
      switch (capture) {
        case "package":
          if (into.packageName === undefined && !hasErrors(node)) {
            into.packageName = node.text;
            into.packageLine = line(node, rowOffset);
          }
          break;
        case "import": {
          const path = node.childForFieldName("path");
          if (path === null || hasErrors(node)) break;
          const alias = node.childForFieldName("name");
          into.imports.push({
            path: unquote(path.text),
            ...(alias ? { alias: alias.text } : {}),
            line: line(node, rowOffset),
          });
          break;
        }
        case "func":
          addFunc(node, rowOffset, into);
          break;
        case "method": {
          const name = node.childForFieldName("name")?.text ?? "?";
          into.ignored.push({ name, line: line(node, rowOffset), reason: "method (has a receiver)" });
          break;
        }
        case "var":
          addVars(node, rowOffset, into);
          break;
        case "type":
          if (!hasErrors(node)) into.typeNames.push(node.text);
          break;
        case "alias": {
          const name = node.childForFieldName("name");
          const type = node.childForFieldName("type");
          if (name && type && !hasErrors(node) && node.childForFieldName("type_parameters") === null) {
            into.typeAliases.push({ name: name.text, type: writtenType(type) });
          }
          break;
        }
      }
    }
  }
}

function addFunc(node: Node, rowOffset: number, into: FileSyntax): void {
  const nameNode = node.childForFieldName("name");
  if (nameNode === null) return;
  const name = nameNode.text;
  const at = line(node, rowOffset);
  const typeParams = node.childForFieldName("type_parameters");
  const params = node.childForFieldName("parameters");
  const result = node.childForFieldName("result");
  if (hasErrors(nameNode, typeParams, params, result)) {
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

function addVars(spec: Node, rowOffset: number, into: FileSyntax): void {
  const type = spec.childForFieldName("type");
  const at = line(spec, rowOffset);
  for (const nameNode of spec.childrenForFieldName("name")) {
    if (nameNode === null) continue;
    const name = nameNode.text;
    if (!EXPORTED.test(name) || name === "_") continue;
    if (hasErrors(spec)) into.ignored.push({ name, line: at, reason: "syntax error in the declaration" });
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

/** Reads one file's declarations. Never throws on bad Go: broken declarations are left out. */
export function readFileSyntax(parser: GoParser, source: string): FileSyntax {
  const syntax: FileSyntax = {
    imports: [],
    funcs: [],
    vars: [],
    typeNames: [],
    typeAliases: [],
    ignored: [],
    syntaxErrorLines: [],
  };
  const tree = parser.parse(source);
  try {
    if (!tree.rootNode.hasError) {
      collect(tree.rootNode, parser, 0, syntax);
      return syntax;
    }
  } finally {
    tree.delete();
  }
  for (const chunk of topLevelChunks(source)) {
    const chunkTree = parser.parse(chunk.text);
    try {
      collect(chunkTree.rootNode, parser, chunk.row, syntax);
      syntax.syntaxErrorLines.push(...errorLines(chunkTree.rootNode, chunk.row));
    } finally {
      chunkTree.delete();
    }
  }
  return syntax;
}
