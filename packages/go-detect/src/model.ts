// The package model detection works on: what `go build` would compile, reduced to the
// declarations a function signature can be found in.

/** A parameter, result or variable type, resolved through the file's imports. */
export interface TypeRef {
  /** Import path of the named type; "" for predeclared and package-local types and for composite types. */
  importPath: string;
  /** The type name without qualifier; "" for composite types (func, map, slice, generic instance, …). */
  name: string;
  /** `*T` (one level of pointer to a named type). */
  pointer: boolean;
  /** The last parameter written `...T`. */
  variadic: boolean;
  /** As written in the source, whitespace collapsed, e.g. "*http.Request". */
  text: string;
  /** Set when a qualified type's package is not imported by the file (the name stays ""). */
  unresolvedQualifier?: string;
}

export interface GoImport {
  path: string;
  /** The name the file refers to the package by ("." for dot imports, "_" for blank ones). */
  localName: string;
  kind: "default" | "alias" | "dot" | "blank";
  line: number;
}

export interface GoFunc {
  name: string;
  /** File name relative to the package dir. */
  file: string;
  /** 1-based. */
  line: number;
  /** One entry per parameter: `(a, b T)` is two. */
  params: TypeRef[];
  results: TypeRef[];
  /**
   * An exported func's doc comment: the `//` lines right above it, without the markers and
   * directives (see doc.ts); absent when it has none. Methods have none here.
   */
  doc?: string;
}

/** A method declared in the package (methods of generic types are not read: see IgnoredDecl). */
export interface GoMethod extends GoFunc {
  /** The receiver's type name: `T` for `func (t *T)` (a local alias is followed to its type). */
  receiverType: string;
  /** `func (t *T)` rather than `func (t T)`. */
  pointerReceiver: boolean;
}

/** An embedded struct field (`T`, `*T`, `pkg.T`) or an embedded interface. */
export interface GoEmbedded {
  /** Resolved like any type: importPath "" for the package's own types; `pointer` for `*T`. */
  type: TypeRef;
  line: number;
}

/** A package-level defined type (`type T …`), with what its method set needs. */
export interface GoType {
  name: string;
  file: string;
  line: number;
  /** Has type parameters: its methods are not read, so its method set is unknown. */
  generic: boolean;
  /** `type T struct{…}`, `type T interface{…}`, `type T U` (defined from another named type), or anything else. */
  kind: "struct" | "interface" | "defined" | "other";
  /** struct: names of the fields that are not embedded. */
  fields: string[];
  /** struct: embedded fields; interface: embedded interfaces. */
  embedded: GoEmbedded[];
  /** interface: the methods it declares itself. */
  interfaceMethods: GoFunc[];
  /** interface with union or `~T` elements: a constraint, not a type a value can have. */
  constraint?: boolean;
  /** defined: the type it is defined from (`U` in `type T U`). */
  definedFrom?: TypeRef;
}

/**
 * An argument of a registration call, classified without type checking. A `func` argument
 * names a top-level func of the package whose signature was read (exported or not; generic
 * funcs and funcs whose signature has a syntax error come out as `identifier`).
 */
export type RegistrationArg =
  /** A string literal; `value` is the string it denotes. */
  | { kind: "string"; value: string; text: string }
  | { kind: "func"; name: string; func: GoFunc; text: string }
  /** Any other identifier: a var, a const, a local. */
  | { kind: "identifier"; name: string; text: string }
  /** `pkg.Name` through one of the file's imports. */
  | { kind: "qualified"; importPath: string; name: string; text: string }
  /** `x.Name` where x is not an import: a method value or a field (they look alike without types). */
  | { kind: "selector"; text: string }
  /** A func literal. */
  | { kind: "closure"; text: string }
  /** Anything else: a call, a composite literal, an operator, `args...`. */
  | { kind: "expression"; text: string };

/** A statement-level call of an imported function in a `func init()` body, e.g. `functions.HTTP("Hello", hello)`. */
export interface GoRegistration {
  /** The function called: its package's import path and its name; `text` as written. */
  callee: { importPath: string; name: string; text: string };
  args: RegistrationArg[];
  file: string;
  line: number;
  /** `file:line` relative to the module root. */
  position: string;
}

export interface GoVar {
  name: string;
  file: string;
  line: number;
  type: TypeRef;
}

/** A top-level declaration that cannot be a function candidate, and why (for troubleshooting). */
export interface IgnoredDecl {
  name: string;
  file: string;
  line: number;
  reason: string;
  /** For a method whose signature has a syntax error: its receiver's type name, when readable. */
  receiver?: string;
}

export interface Diagnostic {
  severity: "error" | "warning" | "info";
  message: string;
  file?: string;
  line?: number;
}

export interface GoFile {
  /** Relative to the package dir. */
  name: string;
  packageName: string;
  packageLine: number;
  imports: GoImport[];
  funcs: GoFunc[];
  methods: GoMethod[];
  vars: GoVar[];
  types: GoType[];
  registrations: GoRegistration[];
  ignored: IgnoredDecl[];
  /** Lines with syntax errors; declarations there are left out, the rest of the file is kept. */
  syntaxErrorLines: number[];
}

/** A .go file in the dir that is not part of the build, and why. */
export interface SkippedFile {
  name: string;
  reason: string;
}

export interface GoPackage {
  /** Absolute dir. */
  dir: string;
  /** Dir relative to the module root, "." for the root itself (posix separators). */
  relDir: string;
  /** Package clause shared by the files; undefined if no file was loaded. */
  name: string | undefined;
  files: GoFile[];
  skipped: SkippedFile[];
  /** Every exported, top-level, non-generic func of every file. */
  funcs: GoFunc[];
  /** Every exported package-level var with an explicit type. */
  vars: GoVar[];
  /** Every method of a non-generic type, exported or not. */
  methods: GoMethod[];
  /** Every package-level defined type (aliases are followed where types are resolved). */
  types: GoType[];
  /** Calls of imported functions at the top of `func init()` bodies, in file and line order. */
  registrations: GoRegistration[];
  diagnostics: Diagnostic[];
  /** `package main` only: whether a file declares func main (read from the text, see load.ts). */
  declaresMain?: boolean;
  /** Every unexported, non-generic top-level func but init; only when asked for (LoadPackageOptions.unexportedFuncs). */
  unexportedFuncs?: GoFunc[];
}
