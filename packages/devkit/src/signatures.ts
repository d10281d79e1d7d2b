// The signature registry: every package of this repository with a buildpack.toml whose built
// index exports `signature` — but the explainer's, whose buildpack.toml says it is no signature
// (`[metadata] fnpacks-explainer = true`). devkit, the order tests and `fnpacks explain` find
// every signature here, so a new signature package is found as it is, with no list to edit.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import type { FunctionSignature } from "@fnpacks/go-function";
import { isExplainerToml } from "./buildpacks";
import { DevkitError } from "./errors";
import { COMPOSITE_ORDER, REPO_ROOT } from "./paths";

export interface SignaturePackage {
  /** The package dir, packages/<name>. */
  dir: string;
  signature: FunctionSignature;
}

function isSignature(value: unknown): value is FunctionSignature {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Partial<FunctionSignature>;
  return typeof s.planName === "string" && typeof s.kind === "string" && Array.isArray(s.specs) && typeof s.generate === "function";
}

/** Every signature package under root/packages, by package dir name. Needs `pnpm build`. */
export function signaturePackages(root = REPO_ROOT): SignaturePackage[] {
  const packages = join(root, "packages");
  const names = existsSync(packages) ? readdirSync(packages).sort() : [];
  return names
    .filter((name) => existsSync(join(packages, name, "buildpack.toml")) && !isExplainerPackage(join(packages, name)))
    .map((name) => {
      const dir = join(packages, name);
      const index = join(dir, "dist", "index.js");
      if (!existsSync(index)) {
        throw new DevkitError(`the signature package ${name} is not built`, { where: dir, fix: "run pnpm build (or npm start) at the repository root" });
      }
      const exported = (require(index) as { signature?: unknown }).signature;
      if (!isSignature(exported)) {
        throw new DevkitError(`packages/${name} has a buildpack.toml but its index exports no \`signature\``, {
          where: index,
          fix: "export the package's FunctionSignature as `signature` from src/index.ts (see docs/adding-a-signature.md)",
        });
      }
      return { dir, signature: exported };
    });
}

/** Whether a package dir with a buildpack.toml is the explainer's. */
export function isExplainerPackage(dir: string): boolean {
  return isExplainerToml(parseToml(readFileSync(join(dir, "buildpack.toml"), "utf8")));
}

/**
 * The packages in the order the composite runs their buildpacks (CloudEvents before HTTP), so
 * explain reads like a build; packages the order does not name come last, by name.
 */
export function inCompositeOrder(packages: SignaturePackage[], composite = COMPOSITE_ORDER): SignaturePackage[] {
  const text = existsSync(composite) ? readFileSync(composite, "utf8") : "";
  const ids = [...text.matchAll(/\bid\s*=\s*"([^"]+)"/g)].map((m) => m[1] as string);
  const idOf = (p: SignaturePackage) => String((parseToml(readFileSync(join(p.dir, "buildpack.toml"), "utf8")).buildpack as TomlTable | undefined)?.id ?? "");
  const rank = (p: SignaturePackage) => {
    const at = ids.indexOf(idOf(p));
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return [...packages].sort((a, b) => rank(a) - rank(b));
}
