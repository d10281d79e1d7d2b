// The statement-level calls of a `func init()` body, as written: the raw material of
// registrations such as `pkg.Register("name", handler)`. Only the body's own statements are
// looked at (not nested blocks; an if statement's initializer is read), and only calls of a
// qualified name `x.F(...)`; which `x` is an
// import is decided with the file's imports (see registrations.ts).
import type { Node } from "web-tree-sitter";
import { line, named, shortText } from "./written";

/** An argument as written, classified by its syntax alone. */
export type WrittenArg =
  /** A string literal, interpreted or raw; `value` is the string it denotes. */
  | { kind: "string"; value: string; text: string }
  | { kind: "identifier"; name: string; text: string }
  /** `x.F`: `operand` is x when it is a plain identifier. */
  | { kind: "selector"; operand?: string; field: string; text: string }
  /** A func literal. */
  | { kind: "closure"; text: string }
  /** Anything else: calls, composite literals, operators, `args...`, … */
  | { kind: "expression"; text: string };

export interface WrittenCall {
  /** `qualifier.name` as written. */
  callee: { qualifier: string; name: string };
  args: WrittenArg[];
  line: number;
}

/** More calls than any registration block; a generated init with thousands stops here. */
export const MAX_INIT_CALLS = 1000;
/** Registrations take a few arguments; a call with more is not one. */
export const MAX_CALL_ARGS = 32;

/** Appends the statement-level qualified calls of an init body (a `block`) to `into`. */
export function readInitCalls(body: Node, rowOffset: number, into: WrittenCall[]): void {
  const statements = named(body).find((c) => c.type === "statement_list");
  for (const statement of statements ? named(statements) : []) {
    if (into.length >= MAX_INIT_CALLS) return;
    const call = statementCall(statement);
    if (call === undefined) continue;
    const callee = qualifiedCallee(call.childForFieldName("function"));
    const args = call.childForFieldName("arguments");
    if (callee === undefined || args === null) continue;
    const argNodes = named(args).filter((a) => a.type !== "comment");
    if (argNodes.length > MAX_CALL_ARGS) continue;
    const written = argNodes.map(writtenArg);
    const spread = args.children.some((c) => c !== null && !c.isNamed && c.type === "...");
    const last = written[written.length - 1];
    if (spread && last) written[written.length - 1] = { kind: "expression", text: `${last.text}...` };
    into.push({ callee, args: written, line: line(call, rowOffset) });
  }
}

/**
 * The call a statement makes: `pkg.F(…)` as a statement, or in an if statement's initializer,
 * `if err := pkg.F(…); err != nil {…}`, the way calls returning an error are written (the
 * Functions Framework's funcframework.RegisterHTTPFunctionContext, say). The if's blocks are
 * not looked into.
 */
function statementCall(statement: Node): Node | undefined {
  if (statement.type === "expression_statement") {
    const call = named(statement)[0];
    return call?.type === "call_expression" ? call : undefined;
  }
  if (statement.type !== "if_statement") return undefined;
  const init = statement.childForFieldName("initializer");
  if (init?.type !== "short_var_declaration" && init?.type !== "assignment_statement") return undefined;
  const right = init.childForFieldName("right");
  const values = right ? named(right).filter((c) => c.type !== "comment") : [];
  return values.length === 1 && values[0]?.type === "call_expression" ? values[0] : undefined;
}

function qualifiedCallee(fn: Node | null): WrittenCall["callee"] | undefined {
  if (fn?.type !== "selector_expression") return undefined;
  const operand = fn.childForFieldName("operand");
  const field = fn.childForFieldName("field");
  if (operand?.type !== "identifier" || field === null) return undefined;
  return { qualifier: operand.text, name: field.text };
}

function writtenArg(node: Node): WrittenArg {
  let arg = node;
  while (arg.type === "parenthesized_expression") {
    const inner = named(arg).find((c) => c.type !== "comment");
    if (inner === undefined) break;
    arg = inner;
  }
  const text = shortText(node.text);
  switch (arg.type) {
    case "interpreted_string_literal":
    case "raw_string_literal": {
      const value = goStringValue(arg.text);
      return value === undefined ? { kind: "expression", text } : { kind: "string", value, text };
    }
    case "identifier":
      return { kind: "identifier", name: arg.text, text };
    case "selector_expression": {
      const operand = arg.childForFieldName("operand");
      const field = arg.childForFieldName("field");
      if (field === null) return { kind: "expression", text };
      return { kind: "selector", ...(operand?.type === "identifier" ? { operand: operand.text } : {}), field: field.text, text };
    }
    case "func_literal":
      return { kind: "closure", text };
    default:
      return { kind: "expression", text };
  }
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, "\\": 92, '"': 34 };
const utf8 = new TextEncoder();

/** The value of a Go string literal, or undefined if it is not a valid one. */
export function goStringValue(literal: string): string | undefined {
  if (literal.length < 2) return undefined;
  // Go drops carriage returns from raw strings.
  if (literal.startsWith("`")) return literal.endsWith("`") ? literal.slice(1, -1).replace(/\r/g, "") : undefined;
  if (!literal.startsWith('"') || !literal.endsWith('"')) return undefined;
  const body = literal.slice(1, -1);
  if (!body.includes("\\")) return body;
  // \x and octal escapes are bytes, not code points: build the bytes, then decode them.
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      const cp = body.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      bytes.push(...utf8.encode(String.fromCodePoint(cp)));
      continue;
    }
    const e = body[++i] ?? "";
    const hex = (n: number) => {
      const digits = body.slice(i + 1, i + 1 + n);
      i += n;
      return /^[0-9a-fA-F]+$/.test(digits) && digits.length === n ? Number.parseInt(digits, 16) : undefined;
    };
    if (e in SIMPLE_ESCAPES) bytes.push(SIMPLE_ESCAPES[e] as number);
    else if (e === "x") {
      const b = hex(2);
      if (b === undefined) return undefined;
      bytes.push(b);
    } else if (e === "u" || e === "U") {
      const cp = hex(e === "u" ? 4 : 8);
      if (cp === undefined || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) return undefined;
      bytes.push(...utf8.encode(String.fromCodePoint(cp)));
    } else if (/[0-7]/.test(e)) {
      const digits = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(digits) || Number.parseInt(digits, 8) > 255) return undefined;
      bytes.push(Number.parseInt(digits, 8));
      i += 2;
    } else return undefined;
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
