import { writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * The SBOM formats of the Buildpack API ("Software-Bill-of-Materials" in buildpack.md): each
 * media type and the extension its files take, `<layers>/launch.sbom.cdx.json` and the like.
 */
export const SBOM_FORMATS = {
  "application/vnd.cyclonedx+json": "cdx.json",
  "application/spdx+json": "spdx.json",
  "application/vnd.syft+json": "syft.json",
} as const;

export type SbomMediaType = keyof typeof SBOM_FORMATS;

/** One SBOM document a buildpack hands the lifecycle. */
export interface SbomDocument {
  mediaType: SbomMediaType;
  /** JSON text, written as it is, or a value written as indented JSON. */
  content: string | object;
}

/**
 * What the SBOM describes: `launch` (the app image: `<layers>/launch.sbom.<ext>`, which the
 * lifecycle puts in the image at `<layers>/sbom/launch/<buildpack id>/sbom.<ext>`) or `build`
 * (the build container, kept by the platform at `<layers>/sbom/build/...`).
 */
export type SbomScope = "launch" | "build";

export function sbomFileName(scope: SbomScope, mediaType: SbomMediaType): string {
  return `${scope}.sbom.${SBOM_FORMATS[mediaType]}`;
}

/**
 * Throws unless buildpack.toml declares every format the documents use, and each format once.
 * The lifecycle refuses the whole build otherwise ("undeclared SBOM media type"), after this
 * buildpack has run; failing here names the fix. Declared types are compared as the lifecycle
 * compares them (Go's mime.ParseMediaType: parameters dropped, case folded).
 */
export function checkSbomFormats(documents: readonly SbomDocument[], declared: readonly string[] = [], buildpackId = "this buildpack"): void {
  const declaredTypes = new Set(declared.map((type) => type.split(";")[0]?.trim().toLowerCase()));
  const seen = new Set<string>();
  for (const { mediaType } of documents) {
    if (!(mediaType in SBOM_FORMATS)) {
      throw new Error(`unsupported SBOM media type ${JSON.stringify(mediaType)}: the Buildpack API knows ${Object.keys(SBOM_FORMATS).join(", ")}`);
    }
    if (seen.has(mediaType)) throw new Error(`two SBOM documents of ${mediaType} for one scope: each format is one file`);
    seen.add(mediaType);
    if (!declaredTypes.has(mediaType)) {
      const has = declared.length > 0 ? `it declares ${declared.join(", ")}` : "it declares none";
      throw new Error(
        `buildpack.toml of ${buildpackId} does not declare the SBOM format ${mediaType} (${has}), and the lifecycle rejects undeclared SBOM files: add "${mediaType}" to sbom-formats in its [buildpack] table`,
      );
    }
  }
}

/** Writes `<layersDir>/<scope>.sbom.<ext>` for each document; the paths written. */
export async function writeSboms(layersDir: string, scope: SbomScope, documents: readonly SbomDocument[]): Promise<string[]> {
  const written: string[] = [];
  for (const { mediaType, content } of documents) {
    const path = join(layersDir, sbomFileName(scope, mediaType));
    await writeFile(path, typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
    written.push(path);
  }
  return written;
}
