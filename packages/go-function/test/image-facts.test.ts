import type { BuildContext } from "@fnpacks/cnb";
import { fakeBuildContext } from "@fnpacks/cnb/testing";
import { sbomSchemaErrors } from "@fnpacks/cnb/testing/sbom-schemas";
import { type GeneratedPackage, packageFiles, RUNTIME_FILES } from "@fnpacks/go-codegen";
import { functionLabels, imageFacts, nameBasedUuid, runtimeSbom } from "../src/image-facts";
import type { FunctionPlan } from "../src/plan";

const BOTH = ["application/vnd.cyclonedx+json", "application/spdx+json"];
const buildpack = { id: "fnpacks/go-http-function", name: "HTTP", version: "1.4.2", homepage: "https://github.com/fnpacks/fnpacks", sbomFormats: BOTH };
const context = (overrides: Parameters<typeof fakeBuildContext>[0] = {}): BuildContext => fakeBuildContext({ buildpack, ...overrides });
const plan = (names: string[]): FunctionPlan => ({
  modulePath: "example.com/hello",
  importPath: "example.com/hello/fn",
  packageDir: "fn",
  candidates: names.map((name, i) => ({ name, shape: i === 0 ? "handler-func" : "func(ctx, E) (*E, R)", position: `fn.go:${i + 3}`, signature: `func ${name}()` })),
  candidateCount: names.length,
});
const generated: GeneratedPackage = { files: packageFiles("package main\n"), buildTarget: "./fnpacks-generated/server" };
const documents = (result: ReturnType<typeof runtimeSbom>) => Object.fromEntries(result.map((d) => [d.mediaType, d.content as Record<string, unknown>]));

describe("labels", () => {
  it("name the package, the function and its shape, and the signature buildpack with its version", () => {
    expect(functionLabels(context(), plan(["Hello"]))).toEqual([
      { key: "io.fnpacks.function.package", value: "example.com/hello/fn" },
      { key: "io.fnpacks.function.name", value: "Hello" },
      { key: "io.fnpacks.function.shape", value: "handler-func" },
      { key: "io.fnpacks.function.functions", value: '[{"name":"Hello","shape":"handler-func"}]' },
      { key: "io.fnpacks.function.buildpack.id", value: "fnpacks/go-http-function" },
      { key: "io.fnpacks.function.buildpack.version", value: "1.4.2" },
    ]);
  });

  it("list several served functions as JSON only: a shape id can hold commas", () => {
    const labels = Object.fromEntries(functionLabels(context(), plan(["A", "B"])).map((l) => [l.key, l.value]));
    expect(labels["io.fnpacks.function.name"]).toBeUndefined();
    expect(labels["io.fnpacks.function.shape"]).toBeUndefined();
    expect(JSON.parse(labels["io.fnpacks.function.functions"] ?? "")).toEqual([
      { name: "A", shape: "handler-func" },
      { name: "B", shape: "func(ctx, E) (*E, R)" },
    ]);
  });
});

describe("the runtime's launch SBOM", () => {
  it("comes in both formats, each valid by its official schema, naming fnruntime, its version, license and place in the module", () => {
    const sbom = runtimeSbom(context(), plan(["Hello"]), generated);
    expect(sbom.map((d) => d.mediaType)).toEqual(BOTH);
    for (const { mediaType, content } of sbom) expect(sbomSchemaErrors(mediaType, content)).toEqual([]);
    const { "application/vnd.cyclonedx+json": cdx, "application/spdx+json": spdx } = documents(sbom);
    expect(cdx).toMatchObject({
      specVersion: "1.5",
      metadata: { tools: { components: [{ type: "application", name: "fnpacks/go-http-function", version: "1.4.2" }] } },
      components: [
        {
          type: "library",
          name: "fnruntime",
          version: "1.4.2",
          licenses: [{ license: { id: "Apache-2.0" } }],
          properties: [
            { name: "fnpacks:go-package", value: "example.com/hello/fnpacks-generated/fnruntime" },
            { name: "fnpacks:sources-sha256", value: expect.stringMatching(/^[0-9a-f]{64}$/) },
          ],
        },
      ],
    });
    expect(spdx).toMatchObject({
      spdxVersion: "SPDX-2.3",
      creationInfo: { created: "1980-01-01T00:00:01Z", creators: ["Tool: fnpacks/go-http-function-1.4.2"] },
      packages: [{ SPDXID: "SPDXRef-Package-fnruntime", name: "fnruntime", versionInfo: "1.4.2", licenseDeclared: "Apache-2.0", primaryPackagePurpose: "LIBRARY" }],
      relationships: [{ spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-Package-fnruntime" }],
    });
  });

  it("is the same for the same build, and its serial number and namespace change with the runtime it describes", () => {
    const first = documents(runtimeSbom(context(), plan(["Hello"]), generated));
    expect(documents(runtimeSbom(context(), plan(["Hello"]), generated))).toEqual(first);
    const edited = { ...generated, files: packageFiles("package main\n", { ...RUNTIME_FILES, "server.go": `${RUNTIME_FILES["server.go"]}\n// edited\n` }) };
    const other = documents(runtimeSbom(context(), plan(["Hello"]), edited));
    expect(other["application/vnd.cyclonedx+json"]?.serialNumber).not.toBe(first["application/vnd.cyclonedx+json"]?.serialNumber);
    expect(other["application/spdx+json"]?.documentNamespace).not.toBe(first["application/spdx+json"]?.documentNamespace);
    expect(first["application/spdx+json"]?.documentNamespace).toMatch(/^https:\/\/github\.com\/fnpacks\/fnpacks\/spdx\/fnruntime-1\.4\.2-[0-9a-f-]{36}$/);
  });

  it("takes SPDX's creation time from SOURCE_DATE_EPOCH when the platform sets it", () => {
    const { "application/spdx+json": spdx } = documents(runtimeSbom(context({ env: { SOURCE_DATE_EPOCH: "1700000000" } }), plan(["Hello"]), generated));
    expect(spdx?.creationInfo).toMatchObject({ created: "2023-11-14T22:13:20Z" });
  });

  it("comes only in the formats buildpack.toml declares (the lifecycle refuses others), and not at all without a runtime", () => {
    let debug = "";
    const cdxOnly = context({ buildpack: { ...buildpack, sbomFormats: ["application/vnd.cyclonedx+json"] }, debug: true, write: (t) => (debug += t) });
    expect(runtimeSbom(cdxOnly, plan(["Hello"]), generated).map((d) => d.mediaType)).toEqual(["application/vnd.cyclonedx+json"]);
    expect(debug).toContain("No application/spdx+json SBOM of the runtime: buildpack.toml's sbom-formats does not declare it");
    expect(runtimeSbom(context({ buildpack: { ...buildpack, sbomFormats: undefined } }), plan(["Hello"]), generated)).toEqual([]);
    const withoutRuntime = { ...generated, files: generated.files.filter((f) => !f.path.startsWith("fnpacks-generated/fnruntime/")) };
    expect(runtimeSbom(context(), plan(["Hello"]), withoutRuntime)).toEqual([]);
  });

  it("goes with the labels into what build returns", () => {
    const facts = imageFacts(context(), plan(["Hello"]), generated);
    expect(facts.launch?.labels).toEqual(functionLabels(context(), plan(["Hello"])));
    expect(facts.launchSbom).toHaveLength(2);
  });
});

it("derives RFC 9562 version-5 UUIDs, as another implementation does", () => {
  // Python's uuid.uuid5(uuid.NAMESPACE_URL, "https://example.com/"), computed outside this code.
  expect(nameBasedUuid("https://example.com/")).toBe("dd2c1780-811a-5296-81c5-178a0ef488bc");
});
