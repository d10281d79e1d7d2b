import { sbomSchemaErrors } from "../src/testing/sbom-schemas";

// The checker other packages' tests rely on: it must pass what the official schemas allow and
// fail what they refuse, including what the CycloneDX library's copy had relaxed.
const cyclonedx = {
  $schema: "http://cyclonedx.org/schema/bom-1.5.schema.json",
  bomFormat: "CycloneDX",
  specVersion: "1.5",
  serialNumber: "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  version: 1,
  components: [{ type: "library", name: "x", version: "1.0.0", licenses: [{ license: { id: "Apache-2.0" } }] }],
};
const spdx = {
  spdxVersion: "SPDX-2.3",
  dataLicense: "CC0-1.0",
  SPDXID: "SPDXRef-DOCUMENT",
  name: "x",
  documentNamespace: "https://example.com/x",
  creationInfo: { created: "2024-01-01T00:00:00Z", creators: ["Tool: x-1.0.0"] },
  packages: [{ SPDXID: "SPDXRef-Package-x", name: "x", downloadLocation: "NOASSERTION", filesAnalyzed: false }],
};

it("passes documents the official CycloneDX 1.5 and SPDX 2.3 schemas allow", () => {
  expect(sbomSchemaErrors("application/vnd.cyclonedx+json", cyclonedx)).toEqual([]);
  expect(sbomSchemaErrors("application/spdx+json", spdx)).toEqual([]);
});

it("fails what CycloneDX 1.5 refuses: an unknown field, a malformed serial number, a license id not SPDX's, another schema's $schema", () => {
  const errors = sbomSchemaErrors("application/vnd.cyclonedx+json", {
    ...cyclonedx,
    $schema: "http://cyclonedx.org/schema/bom-1.4.schema.json",
    serialNumber: "urn:uuid:not-a-uuid",
    components: [{ type: "library", name: "x", licenses: [{ license: { id: "Apache 2" } }] }],
    extra: true,
  });
  expect(errors.join("\n")).toMatch(/^\/: must NOT have additional properties .*"additionalProperty":"extra"/m);
  expect(errors.join("\n")).toMatch(/^\/serialNumber: must match pattern/m);
  expect(errors.join("\n")).toMatch(/^\/\$schema: must be equal to one of the allowed values/m);
  expect(errors.join("\n")).toMatch(/^\/components\/0\/licenses\/0\/license\/id: must be equal to one of the allowed values/m);
});

it("fails what SPDX 2.3 refuses: no creation info, a package without download location, an unknown purpose or relationship", () => {
  const { creationInfo: _, ...withoutCreationInfo } = spdx;
  expect(sbomSchemaErrors("application/spdx+json", withoutCreationInfo)).toEqual([`/: must have required property 'creationInfo' {"missingProperty":"creationInfo"}`]);
  const errors = sbomSchemaErrors("application/spdx+json", {
    ...spdx,
    packages: [{ SPDXID: "SPDXRef-Package-x", name: "x", primaryPackagePurpose: "PLUGIN" }],
    relationships: [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "SERVES", relatedSpdxElement: "SPDXRef-Package-x" }],
  });
  expect(errors.join("\n")).toMatch(/^\/packages\/0: must have required property 'downloadLocation'/m);
  expect(errors.join("\n")).toMatch(/^\/packages\/0\/primaryPackagePurpose: must be equal to one of the allowed values/m);
  expect(errors.join("\n")).toMatch(/^\/relationships\/0\/relationshipType: must be equal to one of the allowed values/m);
});

it("checks only the versions its schemas are for", () => {
  expect(sbomSchemaErrors("application/vnd.cyclonedx+json", { ...cyclonedx, specVersion: "1.6" })).toEqual(['/specVersion: is "1.6", this checks 1.5 only']);
  expect(sbomSchemaErrors("application/spdx+json", { ...spdx, spdxVersion: "SPDX-2.2" })).toEqual(['/spdxVersion: is "SPDX-2.2", this checks SPDX-2.3 only']);
  expect(sbomSchemaErrors("application/vnd.syft+json", {})).toEqual(["no schema here for application/vnd.syft+json: only CycloneDX 1.5 and SPDX 2.3 JSON"]);
});
