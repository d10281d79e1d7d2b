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
  vars: GoVar[];
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
  diagnostics: Diagnostic[];
}
