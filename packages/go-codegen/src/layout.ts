/**
 * Where generated code goes inside the build's copy of the user's module (never the user's
 * repository). Deliberately NOT "_"- or "."-prefixed: Go's `./...` and `all` patterns skip such
 * directories, so `go mod vendor` (Paketo's go-mod-vendor runs it after us) would not vendor
 * the adapter's imports, and go-build's `-mod=vendor` build would then fail to find them.
 */
export const GENERATED_DIR = "fnpacks-generated";
/** The runtime package, copied verbatim. */
export const RUNTIME_PACKAGE = "fnruntime";
/** The generated main package; go-build names the binary (and process type) after it. */
export const MAIN_PACKAGE = "server";
/** Present only in a directory fnpacks generated: anything else there is the user's. */
export const MARKER_FILE = ".generated-by-fnpacks";

/** The go-build target (BP_GO_TARGETS) that builds the generated server. */
export const BUILD_TARGET = `./${GENERATED_DIR}/${MAIN_PACKAGE}`;

export function runtimeImportPath(modulePath: string): string {
  return `${modulePath}/${GENERATED_DIR}/${RUNTIME_PACKAGE}`;
}

export interface GeneratedFile {
  /** Relative to the module root, always under GENERATED_DIR. */
  path: string;
  content: string;
}

export interface GeneratedPackage {
  files: GeneratedFile[];
  /** For BP_GO_TARGETS. */
  buildTarget: string;
}
