// The name an import is known by in a file when it has no alias: the imported package's
// package clause. Without reading the package we use a table of known exceptions and then the
// conventions goimports assumes.

/**
 * Import paths whose package name is not what the path suggests, among widely used modules.
 * A signature adds the ones of its own SDK (ImportFacts.packageNames).
 */
export const KNOWN_PACKAGE_NAMES: Readonly<Record<string, string>> = {
  "gopkg.in/yaml.v2": "yaml",
  "gopkg.in/yaml.v3": "yaml",
  "github.com/golang-jwt/jwt/v5": "jwt",
  "k8s.io/api/core/v1": "v1",
  "k8s.io/apimachinery/pkg/apis/meta/v1": "v1",
};

const MAJOR_VERSION = /^v[0-9]+$/;

/** The package name an import path is assumed to declare; `known` adds a signature's exceptions. */
export function defaultPackageName(importPath: string, known: Readonly<Record<string, string>> = {}): string {
  const name = known[importPath] ?? KNOWN_PACKAGE_NAMES[importPath];
  if (name !== undefined) return name;
  const elements = importPath.split("/").filter((e) => e !== "");
  let base = elements[elements.length - 1] ?? importPath;
  // example.com/mod/v2 is package mod (the /vN is the module's major version, not a dir name).
  if (MAJOR_VERSION.test(base) && elements.length > 1) base = elements[elements.length - 2] as string;
  // gopkg.in/yaml.v3 → yaml
  base = base.replace(/\.v[0-9]+$/, "");
  if (base.startsWith("go-")) base = base.slice(3);
  // Cut at the first character that cannot be in an identifier: sdk-go → sdk, x.y → x.
  const cut = base.search(/[^\p{L}\p{Nd}_]/u);
  if (cut > 0) base = base.slice(0, cut);
  return base;
}
