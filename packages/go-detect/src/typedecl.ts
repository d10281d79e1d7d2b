// Package-level type declarations as written, reduced to what a method set needs: a struct's
// field names and embedded fields, an interface's methods and embedded interfaces, and the type
// a defined type is defined from. Field types other than embedded ones are not read.
import type { Node } from "web-tree-sitter";
import { identPattern } from "./unicode";
import { collapse, line, named, parameters, plainNamedType, unparenthesized, type WrittenType, writtenType } from "./written";

/** A method as an interface declares it. */
export interface WrittenMethodElem {
  name: string;
  line: number;
  params: WrittenType[];
  results: WrittenType[];
}

/** An embedded field (`T`, `*T`, `pkg.T`, `G[int]`) or an embedded interface. */
export interface WrittenEmbedded {
  /** `pointer` is set for `*T`; a generic instance is composite (name ""). */
  type: WrittenType;
  line: number;
}

export type WrittenUnderlying =
  | { kind: "struct"; fields: string[]; embedded: WrittenEmbedded[] }
  /** `constraint`: it has union or `~T` elements, so it only constrains type parameters. */
  | { kind: "interface"; methods: WrittenMethodElem[]; embedded: WrittenEmbedded[]; constraint: boolean }
  /** `type T U`, `type T pkg.U`, `type T G[int]` (composite). */
  | { kind: "defined"; type: WrittenType }
  /** Anything else: func, map, slice, array, channel and pointer types. */
  | { kind: "other" };

export interface WrittenTypeDecl {
  name: string;
  line: number;
  /** Has type parameters. */
  generic: boolean;
  underlying: WrittenUnderlying;
}

/** One `type_spec` (not an alias); undefined when it has no name or no type. */
export function readTypeSpec(spec: Node, rowOffset: number): WrittenTypeDecl | undefined {
  const name = spec.childForFieldName("name");
  const type = spec.childForFieldName("type");
  if (name === null || type === null) return undefined;
  return {
    name: name.text,
    line: line(spec, rowOffset),
    generic: spec.childForFieldName("type_parameters") !== null,
    underlying: underlyingAsWritten(unparenthesized(type), rowOffset),
  };
}

function underlyingAsWritten(type: Node, rowOffset: number): WrittenUnderlying {
  switch (type.type) {
    case "struct_type":
      return structFields(type, rowOffset);
    case "interface_type":
      return interfaceElems(type, rowOffset);
    case "type_identifier":
    case "qualified_type":
    case "generic_type":
      return { kind: "defined", type: writtenType(type) };
    default:
      return { kind: "other" };
  }
}

/** `a, b T`: names, then a type (an embedded field is a type, then at most a tag string). */
const NAMED_FIELDS = identPattern((ident) => `^(${ident}(?:\\s*,\\s*${ident})*)\\s+[^\\s"\`]`);

function structFields(struct: Node, rowOffset: number): WrittenUnderlying {
  // One call into WASM for the text, instead of several per field.
  const fromText = structFieldsFromText(struct.text, struct.startPosition.row + rowOffset + 1);
  return { kind: "struct", ...(fromText ?? structFieldsFromTree(struct, rowOffset)) };
}

export interface StructFields {
  fields: string[];
  embedded: WrittenEmbedded[];
}

/** The fields of a struct type node, walked field by field. */
export function structFieldsFromTree(struct: Node, rowOffset: number): StructFields {
  const fields: string[] = [];
  const embedded: WrittenEmbedded[] = [];
  const list = named(struct).find((c) => c.type === "field_declaration_list");
  for (const field of list ? named(list) : []) {
    if (field.type !== "field_declaration") continue;
    const names = field.childrenForFieldName("name");
    if (names.length > 0) {
      for (const n of names) if (n !== null) fields.push(n.text);
      continue;
    }
    const type = field.childForFieldName("type");
    if (type === null) continue;
    // An embedded `*T` is a `*` token beside the type, not a pointer_type.
    const pointer = field.children.some((c) => c !== null && !c.isNamed && c.type === "*");
    embedded.push({ type: embeddedType(type, pointer), line: line(field, rowOffset) });
  }
  return { fields, embedded };
}

/** `G[int]`, `*pkg.G[K, V]`: an embedded generic instance. */
const GENERIC_INSTANCE = identPattern((ident) => `^\\*?(?:${ident}\\.)?${ident}\\[[\\s\\S]*\\]$`);

/** One field declaration's text: names, or an embedded type (a tag string after it is dropped). */
function addField(text: string, at: number, into: StructFields): boolean {
  const names = NAMED_FIELDS.exec(text);
  if (names) {
    for (const n of (names[1] as string).split(",")) into.fields.push(n.trim());
    return true;
  }
  const tag = text.search(/["`]/);
  const type = (tag >= 0 ? text.slice(0, tag) : text).trim();
  const plain = plainNamedType(type, false);
  if (plain) into.embedded.push({ type: plain, line: at });
  else if (GENERIC_INSTANCE.test(type)) into.embedded.push({ type: { name: "", pointer: false, variadic: false, text: collapse(type) }, line: at });
  else return false;
  return true;
}

/**
 * The fields of `struct { … }` read from its text: declarations end at a newline or `;`
 * outside brackets; strings and line comments are skipped. Undefined for anything unusual
 * (a block comment, an embedded field that is not a plain type), which the tree reads.
 */
export function structFieldsFromText(text: string, firstLine: number): StructFields | undefined {
  const open = text.indexOf("{");
  if (open < 0 || !text.endsWith("}")) return undefined;
  const into: StructFields = { fields: [], embedded: [] };
  let line = firstLine;
  for (let i = 0; i < open; i++) if (text.charCodeAt(i) === 10) line++;
  let depth = 0;
  let start = open + 1;
  let startLine = line;
  const end = text.length - 1;
  const flush = (to: number): boolean => {
    const field = text.slice(start, to).trim();
    return field === "" || addField(field, startLine, into);
  };
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || (c === 59 /* ; */ && depth === 0)) {
      if (c === 10) line++;
      if (depth > 0) continue;
      if (!flush(i)) return undefined;
      start = i + 1;
      startLine = line;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 34 /* " */ || c === 39 /* ' */) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) j += text.charCodeAt(j) === 92 ? 2 : 1;
      if (text.charCodeAt(j) !== c) return undefined;
      i = j;
    } else if (c === 96 /* ` */) {
      const close = text.indexOf("`", i + 1);
      if (close < 0 || close >= end) return undefined;
      for (let j = i; j < close; j++) if (text.charCodeAt(j) === 10) line++;
      i = close;
    } else if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 42 /* * */) return undefined;
      if (next !== 47) continue;
      if (depth === 0 && !flush(i)) return undefined;
      const eol = text.indexOf("\n", i);
      if (eol < 0 || eol >= end) {
        start = end;
        break;
      }
      i = eol - 1; // the newline ends the declaration (or continues a nested one)
      if (depth === 0) start = eol;
    }
  }
  if (depth !== 0 || !flush(end)) return undefined;
  return into;
}

function embeddedType(type: Node, pointer: boolean): WrittenType {
  const written = writtenType(type);
  if (!pointer) return written;
  const text = `*${written.text}`;
  return written.name === "" ? { ...written, text } : { ...written, pointer: true, text };
}

function interfaceElems(iface: Node, rowOffset: number): WrittenUnderlying {
  const methods: WrittenMethodElem[] = [];
  const embedded: WrittenEmbedded[] = [];
  let constraint = false;
  for (const elem of named(iface)) {
    if (elem.type === "method_elem") {
      const name = elem.childForFieldName("name");
      if (name === null) continue;
      methods.push({
        name: name.text,
        line: line(elem, rowOffset),
        params: parameters(elem.childForFieldName("parameters")),
        results: parameters(elem.childForFieldName("result")),
      });
    } else if (elem.type === "type_elem") {
      const terms = named(elem);
      const only = terms.length === 1 ? (terms[0] as Node) : undefined;
      if (only && (only.type === "type_identifier" || only.type === "qualified_type" || only.type === "generic_type")) {
        embedded.push({ type: writtenType(only), line: line(elem, rowOffset) });
      } else {
        constraint = true;
      }
    }
  }
  return { kind: "interface", methods, embedded, constraint };
}
