// Reaching an unexported func of the user's package. A function registered in init() (the
// Functions Framework's `functions.HTTP("HelloHTTP", helloHTTP)`) is often unexported, and the
// framework's registry, where the user's code put it, is internal to the framework's module.
// The generated main declares a body-less func with the same type and a //go:linkname directive
// naming the user's func by its linker symbol: the linker resolves the declaration to it. The
// user's package is imported blank so it is linked (and its init runs, as it would under the
// framework), and "unsafe" blank, which //go:linkname requires.
//
// Limits (documented in docs/using.md, tested in the signature packages):
// - the target must be a plain top-level func: not generic (a generic func has no symbol of its
//   own name), not a method, not a func value held in a variable; detection refuses the rest;
// - the declared type must be the func's own: the linker does not compare types. The types come
//   from the registration call's parameter, which Go has already checked the func against.
// - a pull-only //go:linkname to a non-standard-library symbol, which every Go release since 1.5
//   links (Go 1.23 restricted only references into the standard library).
import { goComment } from "./go-text";
import type { FunctionTarget } from "./target";

/** Exported Go identifiers begin with an upper-case letter (Unicode class Lu). */
const EXPORTED = /^\p{Lu}/u;

/** Whether the generated main reaches the target through //go:linkname: an unexported func. */
export function isLinked(target: FunctionTarget): boolean {
  return target.instance === undefined && !EXPORTED.test(target.name);
}

/**
 * The local name of a linked func. The underscore keeps it apart from every other name of the
 * generated main (imports and declarations are camel case).
 */
export function linkedName(target: FunctionTarget): string {
  return `linked_${target.name}`;
}

/**
 * The linker's name for a package-level symbol: the import path escaped as the Go toolchain
 * escapes it in object files (cmd/internal/objabi.PathToPrefix: control characters, space,
 * `%`, `"`, bytes past ASCII, and a `.` after the last slash become %xx), a dot, the name.
 * `example.com/hello.v2` and `helloHTTP` are `example.com/hello%2ev2.helloHTTP`.
 */
export function linkerSymbol(importPath: string, name: string): string {
  const bytes = new TextEncoder().encode(importPath);
  const lastSlash = bytes.lastIndexOf(0x2f);
  let escaped = "";
  bytes.forEach((byte, i) => {
    const needsEscape = byte <= 0x20 || byte === 0x25 || byte === 0x22 || byte >= 0x7f || (byte === 0x2e && i > lastSlash);
    escaped += needsEscape ? `%${byte.toString(16).padStart(2, "0")}` : String.fromCharCode(byte);
  });
  return `${escaped}.${name}`;
}

/** The body-less declaration that links to the target; `funcType` is its type after the name, e.g. `(http.ResponseWriter, *http.Request)`. */
export function linkedDeclaration(target: FunctionTarget, funcType: string): string {
  const local = linkedName(target);
  return `// ${local} is ${goComment(target.importPath)}'s unexported ${target.name} (${goComment(target.position)}),
// reached by its linker name: no exported name or registry gives the server the func.
//
//go:linkname ${local} ${linkerSymbol(target.importPath, target.name)}
func ${local}${funcType}`;
}
