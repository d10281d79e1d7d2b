import { readWholeFile } from "@fnpacks/host-io";
import { parseToml, type TomlTable } from "./toml";

/** The `[buildpack]` table of this buildpack's buildpack.toml. */
export interface BuildpackInfo {
  id: string;
  name: string;
  version: string;
  homepage?: string;
  /** `sbom-formats`: the SBOM media types this buildpack may write (see sbom.ts). */
  sbomFormats?: string[];
}

/** A buildpack.toml as read when the executable was compiled, with its [buildpack] table. */
export interface CompiledBuildpackToml {
  text: string;
  buildpack: TomlTable | undefined;
}

/**
 * The buildpack.toml a compiled executable was built with: bun-build.ts defines it. When the
 * file beside the executable still reads the same, its table is known without loading and
 * running the TOML parser, a few milliseconds of every phase. Undefined under Node.
 */
declare const FNPACKS_COMPILED_BUILDPACK: CompiledBuildpackToml | undefined;
const compiledWith = typeof FNPACKS_COMPILED_BUILDPACK === "undefined" ? undefined : FNPACKS_COMPILED_BUILDPACK;

export async function readBuildpackInfo(buildpackDir: string): Promise<BuildpackInfo> {
  const path = `${buildpackDir.replace(/\/+$/, "")}/buildpack.toml`;
  const text = new TextDecoder().decode(await readWholeFile(path));
  const table = (text === compiledWith?.text ? compiledWith.buildpack : parseToml(text).buildpack) as TomlTable | undefined;
  if (!table || typeof table.id !== "string" || typeof table.version !== "string") {
    throw new Error(`${path} has no [buildpack] table with id and version`);
  }
  const sbomFormats = table["sbom-formats"];
  if (sbomFormats !== undefined && !(Array.isArray(sbomFormats) && sbomFormats.every((f) => typeof f === "string"))) {
    throw new Error(`${path}: [buildpack] sbom-formats must be an array of media types, e.g. ["application/vnd.cyclonedx+json"]`);
  }
  return {
    id: table.id,
    name: typeof table.name === "string" ? table.name : table.id,
    version: table.version,
    ...(typeof table.homepage === "string" ? { homepage: table.homepage } : {}),
    ...(sbomFormats !== undefined ? { sbomFormats: sbomFormats as string[] } : {}),
  };
}
