import { createHash } from "node:crypto";
import { posix } from "node:path";
import type { BuildContext, BuildResult, Label, SbomDocument, SbomMediaType } from "@fnpacks/cnb";
import { GENERATED_DIR, type GeneratedPackage, RUNTIME_PACKAGE, runtimeImportPath } from "@fnpacks/go-codegen";
import type { FunctionPlan } from "./plan";

/**
 * What the image records about the function it serves, for operators (`docker inspect`, crane,
 * a registry's UI): labels on the image, and a launch SBOM of the fnpacks runtime compiled into
 * it. Labels share this prefix; docs/using.md lists them.
 */
export const LABEL_PREFIX = "io.fnpacks.function.";

/**
 * The runtime is fnpacks' own code (Apache-2.0, as the whole project). It has no release of its
 * own: each signature buildpack carries the runtime of the source it was built from, so the
 * buildpack's version is the runtime's, and the one an operator acts on (upgrade the buildpack).
 * A digest of the sources as copied tells apart runtimes a version number cannot.
 */
const RUNTIME = { name: RUNTIME_PACKAGE, license: "Apache-2.0", supplier: "fnpacks" } as const;

/**
 * The lifecycle stamps reproducible images with this time (1980-01-01T00:00:01Z) unless the
 * platform sets SOURCE_DATE_EPOCH; SPDX requires a creation time, and a build-time clock would
 * make every build's SBOM layer differ.
 */
const REPRODUCIBLE_TIME = "1980-01-01T00:00:01Z";

/** What a build of `plan` returns beside its layers: labels in launch.toml, and the SBOM documents. */
export function imageFacts(context: BuildContext, plan: FunctionPlan, generated: GeneratedPackage): Pick<BuildResult, "launch" | "launchSbom"> {
  return { launch: { labels: functionLabels(context, plan) }, launchSbom: runtimeSbom(context, plan, generated) };
}

/**
 * The runtime's SBOM in each format buildpack.toml declares (the lifecycle refuses the build for
 * any other); none when the generated package has no runtime (a signature with its own).
 */
export function runtimeSbom(context: BuildContext, plan: FunctionPlan, generated: GeneratedPackage): SbomDocument[] {
  const runtime = describeRuntime(context, plan, generated);
  if (!runtime) return [];
  const declared = new Set((context.buildpack.sbomFormats ?? []).map((type) => type.split(";")[0]?.trim().toLowerCase()));
  const undeclared = SBOM_WRITERS.filter(({ mediaType }) => !declared.has(mediaType)).map(({ mediaType }) => mediaType);
  if (undeclared.length > 0) context.logger.debug(`No ${undeclared.join(" or ")} SBOM of the runtime: buildpack.toml's sbom-formats does not declare it`);
  return SBOM_WRITERS.filter(({ mediaType }) => declared.has(mediaType)).map(({ mediaType, write }) => ({ mediaType, content: write(runtime) }));
}

/**
 * The function's labels: its package, name and shape (plain values when one function is served),
 * every served function as JSON (shape ids may hold commas), and the signature buildpack.
 */
export function functionLabels(context: Pick<BuildContext, "buildpack">, plan: FunctionPlan): Label[] {
  const [only, ...more] = plan.candidates;
  return [
    { key: `${LABEL_PREFIX}package`, value: plan.importPath },
    ...(only && more.length === 0
      ? [
          { key: `${LABEL_PREFIX}name`, value: only.name },
          { key: `${LABEL_PREFIX}shape`, value: only.shape },
        ]
      : []),
    { key: `${LABEL_PREFIX}functions`, value: JSON.stringify(plan.candidates.map(({ name, shape }) => ({ name, shape }))) },
    { key: `${LABEL_PREFIX}buildpack.id`, value: context.buildpack.id },
    { key: `${LABEL_PREFIX}buildpack.version`, value: context.buildpack.version },
  ];
}

/** The runtime as both SBOM formats describe it. */
interface RuntimeFacts {
  version: string;
  /** Where the runtime lives in the app's module, hence in the binary's symbols. */
  goPackage: string;
  /** SHA-256 of the runtime's files as `sha256sum` lists them, sorted by name. */
  sourcesDigest: string;
  buildpack: { id: string; version: string; homepage?: string };
  created: string;
}

function describeRuntime(context: BuildContext, plan: FunctionPlan, generated: GeneratedPackage): RuntimeFacts | undefined {
  const dir = `${GENERATED_DIR}/${RUNTIME_PACKAGE}/`;
  const files = generated.files.filter((file) => file.path.startsWith(dir) && !file.path.slice(dir.length).includes("/"));
  if (files.length === 0) return undefined;
  const listing = files
    .map((file) => ({ name: posix.basename(file.path), digest: sha256(file.content) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map(({ name, digest }) => `${digest}  ${name}\n`)
    .join("");
  const { id, version, homepage } = context.buildpack;
  return {
    version,
    goPackage: runtimeImportPath(plan.modulePath),
    sourcesDigest: sha256(listing),
    buildpack: { id, version, ...(homepage ? { homepage } : {}) },
    created: creationTime(context.env.SOURCE_DATE_EPOCH),
  };
}

const SBOM_WRITERS: Array<{ mediaType: SbomMediaType; write: (runtime: RuntimeFacts) => object }> = [
  { mediaType: "application/vnd.cyclonedx+json", write: cycloneDx },
  { mediaType: "application/spdx+json", write: spdx },
];

const DESCRIPTION = "The server runtime of fnpacks functions (HTTP serving, probes, graceful shutdown), copied as Go source into the app's module and compiled into its server binary";

/** CycloneDX 1.5: the runtime as a library component; the serial number is derived from the rest. */
function cycloneDx(runtime: RuntimeFacts): object {
  const { homepage } = runtime.buildpack;
  const bom = {
    $schema: "http://cyclonedx.org/schema/bom-1.5.schema.json",
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    metadata: { tools: { components: [{ type: "application", name: runtime.buildpack.id, version: runtime.buildpack.version }] } },
    components: [
      {
        type: "library",
        "bom-ref": `${RUNTIME.name}@${runtime.version}`,
        supplier: { name: RUNTIME.supplier, ...(homepage ? { url: [homepage] } : {}) },
        name: RUNTIME.name,
        version: runtime.version,
        description: DESCRIPTION,
        licenses: [{ license: { id: RUNTIME.license } }],
        ...(homepage ? { externalReferences: [{ type: "website", url: homepage }] } : {}),
        properties: [
          { name: "fnpacks:go-package", value: runtime.goPackage },
          { name: "fnpacks:sources-sha256", value: runtime.sourcesDigest },
        ],
      },
    ],
  };
  return { ...bom, serialNumber: `urn:uuid:${nameBasedUuid(JSON.stringify(bom))}` };
}

/** SPDX 2.3: the runtime as a package the document describes; the namespace is derived from the rest. */
function spdx(runtime: RuntimeFacts): object {
  const { homepage } = runtime.buildpack;
  const packageId = `SPDXRef-Package-${RUNTIME.name}`;
  const document = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: `${RUNTIME.name}-${runtime.version}`,
    creationInfo: { created: runtime.created, creators: [`Tool: ${runtime.buildpack.id}-${runtime.buildpack.version}`] },
    packages: [
      {
        SPDXID: packageId,
        name: RUNTIME.name,
        versionInfo: runtime.version,
        supplier: `Organization: ${RUNTIME.supplier}`,
        downloadLocation: "NOASSERTION",
        ...(homepage ? { homepage } : {}),
        filesAnalyzed: false,
        licenseConcluded: RUNTIME.license,
        licenseDeclared: RUNTIME.license,
        copyrightText: "NOASSERTION",
        primaryPackagePurpose: "LIBRARY",
        description: DESCRIPTION,
        comment: `Go package ${runtime.goPackage}; SHA-256 of its source files as sha256sum lists them, sorted by name: ${runtime.sourcesDigest}`,
      },
    ],
    relationships: [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: packageId }],
  };
  const base = homepage ?? "https://spdx.org/spdxdocs";
  return { ...document, documentNamespace: `${base.replace(/\/+$/, "")}/spdx/${document.name}-${nameBasedUuid(JSON.stringify(document))}` };
}

/** RFC 3339 in UTC, seconds precision, as SPDX's pattern wants: SOURCE_DATE_EPOCH's time if set, else the lifecycle's. */
function creationTime(sourceDateEpoch: string | undefined): string {
  if (!sourceDateEpoch || !/^\d+$/.test(sourceDateEpoch)) return REPRODUCIBLE_TIME;
  return new Date(Number(sourceDateEpoch) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** RFC 9562's URL namespace: name-based UUIDs below are of names made of a document's content. */
const URL_NAMESPACE = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex");

/** A version-5 (SHA-1, name-based) UUID: the same name always gives the same UUID. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash("sha1").update(URL_NAMESPACE).update(name).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
