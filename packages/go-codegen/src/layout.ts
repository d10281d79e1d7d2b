/**
 * Where generated code goes inside the user's module. Go's `./...` patterns skip directories
 * that start with "_", so the generated packages never show up in the user's own
 * `go test ./...` or `go vet ./...`, yet `go build ./_fnpacks/server` builds them.
 */
export const GENERATED_DIR = "_fnpacks";
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
