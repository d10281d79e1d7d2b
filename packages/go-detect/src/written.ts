// Types and parameter lists as written in the source, before resolution (see resolve.ts).
// Shared by the walks over top-level declarations, type declarations and init bodies.
import type { Node } from "web-tree-sitter";
import { asciiOrUnicode, identPattern } from "./unicode";

/** A type as written: `qualifier.name`, `name`, or something composite. */
export interface WrittenType {
  qualifier?: string;
  /** "" for composite types. */
  name: string;
  pointer: boolean;
  variadic: boolean;
  text: string;
}

/** Longest text kept for an expression (a closure, say): enough to recognise it in a message. */
export const MAX_EXPRESSION_TEXT = 200;

export const line = (node: Node, rowOffset: number): number => node.startPosition.row + rowOffset + 1;

export const collapse = (text: string): string => (/\s/.test(text) ? text.replace(/\s+/g, " ").trim() : text);

/** Whitespace collapsed, cut at MAX_EXPRESSION_TEXT characters. */
export function shortText(text: string): string {
  const head = text.length > 4 * MAX_EXPRESSION_TEXT ? text.slice(0, 4 * MAX_EXPRESSION_TEXT) : text;
  const flat = collapse(head);
  return flat.length > MAX_EXPRESSION_TEXT || head !== text ? `${flat.slice(0, MAX_EXPRESSION_TEXT - 1)}…` : flat;
}

export const named = (node: Node): Node[] => node.namedChildren.filter((c): c is Node => c !== null);

/** `((T))` → `T`. */
export function unparenthesized(node: Node): Node {
  let inner = node;
  while (inner.type === "parenthesized_type") {
    const next = inner.namedChildren.find((c) => c !== null);
    if (!next) break;
    inner = next;
  }
  return inner;
}

/** `T`, `*T`, `pkg.T`, `*pkg.T` written plainly: most types, read from the text without walking the tree. */
const PLAIN_NAMED_TYPE = identPattern((ident) => `^(\\*?)(?:(${ident})\\.)?(${ident})$`);

/** `T`, `*T`, `pkg.T` or `*pkg.T` from its text; undefined for anything else. */
export function plainNamedType(text: string, variadic: boolean): WrittenType | undefined {
  const plain = PLAIN_NAMED_TYPE.exec(text);
  if (plain === null) return undefined;
  const pointer = plain[1] === "*";
  const qualifier = plain[2];
  const name = plain[3] as string;
  return qualifier === undefined ? { name, pointer, variadic, text } : { qualifier, name, pointer, variadic, text };
}

/**
 * A type node reduced to what matching needs. Every node property is a call into WASM, so a
 * plainly written named type is read from its text; only other forms walk the tree.
 */
export function writtenType(node: Node, variadic = false): WrittenType {
  const raw = node.text;
  const plain = plainNamedType(raw, variadic);
  if (plain) return plain;
  const text = collapse(raw);
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

/** A parameter's type from its text: plain named types are named, other forms composite. */
function typeFromText(written: string): WrittenType | undefined {
  const variadic = written.startsWith("...");
  const type = variadic ? written.slice(3).trim() : written;
  const plain = plainNamedType(type, variadic);
  if (plain) return plain;
  // Parenthesized forms such as `*(pkg.T)` are left to the tree.
  if (type === "" || type.startsWith("(") || type.startsWith("*(")) return undefined;
  return { name: "", pointer: false, variadic, text: collapse(type) };
}

/** `name Type` (not a type that starts with a keyword, such as `chan T` or `func()`). */
const NAME_AND_TYPE = identPattern((ident) => `^(${ident})\\s+(\\S[\\s\\S]*)$`);
const ONLY_IDENT = identPattern((ident) => `^${ident}$`);
const KEYWORD_TYPE = asciiOrUnicode("^(?:chan|func|map|struct|interface)(?![A-Za-z0-9_])", "^(?:chan|func|map|struct|interface)(?![\\p{L}\\p{Nd}_])");

/**
 * A parameter list read from its text, as Go reads it: entries split at top-level commas; if
 * any entry is `name Type`, each bare name takes the next entry's type, else every entry is a
 * type. Undefined for anything unusual (comments, strings, parenthesized types, unbalanced
 * brackets): the tree reads those. One call into WASM for the list instead of several per
 * parameter.
 */
export function parametersFromText(list: string): WrittenType[] | undefined {
  if (!list.startsWith("(") || !list.endsWith(")")) return undefined;
  const inner = list.slice(1, -1);
  if (/["'`/]/.test(inner)) return undefined;
  const entries: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) depth++;
    else if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) depth--;
    else if (c === 44 /* , */ && depth === 0) {
      entries.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  const last = inner.slice(start).trim();
  if (last !== "" || entries.length > 0) entries.push(last);
  if (entries.length > 0 && entries[entries.length - 1] === "") entries.pop(); // a trailing comma
  if (entries.some((e) => e === "")) return undefined;
  const named = entries.map((e) => (KEYWORD_TYPE.test(e) ? null : NAME_AND_TYPE.exec(e)));
  const out: WrittenType[] = [];
  if (!named.some((m) => m !== null)) {
    for (const e of entries) {
      const t = typeFromText(e);
      if (t === undefined) return undefined;
      out.push(t);
    }
    return out;
  }
  let waiting = 0; // bare names before their type
  for (let i = 0; i < named.length; i++) {
    const m = named[i];
    if (m === null || m === undefined) {
      if (!ONLY_IDENT.test(entries[i] as string)) return undefined;
      waiting++;
      continue;
    }
    const t = typeFromText((m[2] as string).trim());
    // `a, b ...T` is not Go; leave it to the tree.
    if (t === undefined || (t.variadic && waiting > 0)) return undefined;
    for (let k = 0; k <= waiting; k++) out.push(t);
    waiting = 0;
  }
  return waiting === 0 ? out : undefined;
}

/** The parameters of a parameter_list, one entry per name (`a, b T` gives two). */
export function parameters(list: Node | null): WrittenType[] {
  if (list === null) return [];
  if (list.type !== "parameter_list") return [writtenType(list)];
  return parametersFromText(list.text) ?? parametersFromTree(list);
}

/** A parameter_list walked declaration by declaration. */
export function parametersFromTree(list: Node): WrittenType[] {
  const out: WrittenType[] = [];
  for (const decl of list.namedChildren) {
    if (decl === null) continue;
    const kind = decl.type;
    if (kind !== "parameter_declaration" && kind !== "variadic_parameter_declaration") continue;
    const type = decl.childForFieldName("type");
    if (type === null) continue;
    const written = writtenType(type, kind === "variadic_parameter_declaration");
    // `x T` and `T` are one parameter; only a declaration with more children can name several.
    const names = decl.namedChildCount <= 2 ? 1 : decl.childrenForFieldName("name").filter((n) => n !== null).length;
    for (let i = 0; i < Math.max(1, names); i++) out.push(written);
  }
  return out;
}

export function hasErrors(...nodes: (Node | null)[]): boolean {
  return nodes.some((n) => n !== null && (n.hasError || n.isMissing));
}
