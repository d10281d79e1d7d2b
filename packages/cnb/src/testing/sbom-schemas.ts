// @fnpacks/cnb/testing/sbom-schemas: checks SBOM documents against the official JSON schemas of
// the formats buildpacks write (CycloneDX 1.5, SPDX 2.3), for tests. Its dependencies are this
// package's devDependencies: only tests load it, never a buildpack.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import addDraft2019Formats from "ajv-formats-draft2019";
import type { SbomMediaType } from "../sbom";

/**
 * CycloneDX's own JavaScript library ships the specification's schemas, with changes its
 * res/schema/README.md lists. For bom-1.5 they are: `$ref`s renamed to its `.SNAPSHOT` file
 * names, and `properties.$schema.enum` dropped (any `$schema` string passes). Both are undone
 * below, and the result must be the official bom-1.5.schema.json (CycloneDX specification
 * 1.5.1, unchanged through 1.7.1) as JSON: this is the SHA-256 of JSON.stringify of that file
 * parsed. jsf-0.82 ships unchanged; spdx.schema.json (the license ids) is the library's copy of
 * the specification's.
 */
const CYCLONEDX_1_5_DIGEST = "a00fcba23a44b72179ac1f288be4c3529b59f6e1b3719709a40685f177516b46";

/** The SHA-256 of SPDX 2.3's spdx-schema.json as the SPDX project tagged it (see the README beside it). */
const SPDX_2_3_DIGEST = "239208b7ac287b3cf5d9a9af23f9d69863971102a5e1587a27a398b43490b89b";

/** This module sits two levels below the package root both as src/testing and as dist/testing. */
const SPDX_2_3_SCHEMA = join(__dirname, "..", "..", "test", "testdata", "spdx-2.3", "spdx-schema.json");

type Schema = Record<string, unknown> & { $id: string };

let validators: Record<"cyclonedx" | "spdx", ValidateFunction> | undefined;

/**
 * What is wrong with `document` as an SBOM of `mediaType` by the official schema: one line per
 * error (JSON pointer and message), none when it is valid. CycloneDX documents must say
 * specVersion 1.5 and SPDX ones SPDX-2.3, the versions these schemas are for.
 */
export function sbomSchemaErrors(mediaType: SbomMediaType, document: unknown): string[] {
  validators ??= compileValidators();
  const expected =
    mediaType === "application/vnd.cyclonedx+json"
      ? { validate: validators.cyclonedx, field: "specVersion", version: "1.5" }
      : mediaType === "application/spdx+json"
        ? { validate: validators.spdx, field: "spdxVersion", version: "SPDX-2.3" }
        : undefined;
  if (!expected) return [`no schema here for ${mediaType}: only CycloneDX 1.5 and SPDX 2.3 JSON`];
  const version = (document as Record<string, unknown> | null)?.[expected.field];
  if (version !== expected.version) return [`/${expected.field}: is ${JSON.stringify(version)}, this checks ${expected.version} only`];
  if (expected.validate(document)) return [];
  return (expected.validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`);
}

function compileValidators(): Record<"cyclonedx" | "spdx", ValidateFunction> {
  // allErrors: report every problem at once. strict off: the official schemas carry annotation
  // keywords ajv's strict mode refuses (e.g. CycloneDX's "meta:enum"); validation is unchanged.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  addDraft2019Formats(ajv, { formats: ["idn-email", "iri-reference"] });
  const cyclonedx = cycloneDxSchemas();
  for (const schema of cyclonedx.references) ajv.addSchema(schema);
  return { cyclonedx: ajv.compile(cyclonedx.bom), spdx: ajv.compile(spdxSchema()) };
}

function cycloneDxSchemas(): { bom: Schema; references: Schema[] } {
  const dir = join(dirname(require.resolve("@cyclonedx/cyclonedx-library/package.json")), "res", "schema");
  const read = (name: string): Schema => JSON.parse(readFileSync(join(dir, name), "utf8"));
  const bom = JSON.parse(
    readFileSync(join(dir, "bom-1.5.SNAPSHOT.schema.json"), "utf8")
      .replaceAll('"spdx.SNAPSHOT.schema.json', '"spdx.schema.json')
      .replaceAll('"jsf-0.82.SNAPSHOT.schema.json', '"jsf-0.82.schema.json'),
  ) as Schema & { properties: { $schema: { enum?: string[] } } };
  bom.properties.$schema.enum = [bom.$id];
  const digest = sha256(JSON.stringify(bom));
  if (digest !== CYCLONEDX_1_5_DIGEST) {
    throw new Error(
      `${dir}/bom-1.5.SNAPSHOT.schema.json, with the library's documented changes undone, is not the official CycloneDX 1.5 schema (sha256 ${digest}): see what its res/schema/README.md says changed before trusting it`,
    );
  }
  return { bom, references: [read("spdx.SNAPSHOT.schema.json"), read("jsf-0.82.SNAPSHOT.schema.json")] };
}

function spdxSchema(): Schema {
  const text = readFileSync(SPDX_2_3_SCHEMA, "utf8");
  const digest = sha256(text);
  if (digest !== SPDX_2_3_DIGEST) throw new Error(`${SPDX_2_3_SCHEMA} is not SPDX 2.3's official schema (sha256 ${digest}): restore it from the spdx-spec tag v2.3`);
  return JSON.parse(text);
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
