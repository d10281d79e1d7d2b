import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readBuildpackInfo } from "../src/buildpack-info";
import { type Buildpack, type BuildResult, EXIT, runPhase } from "../src/run";
import { checkSbomFormats, type SbomDocument, sbomFileName, writeSboms } from "../src/sbom";
import { useTempDir } from "./helpers";

const CDX: SbomDocument = { mediaType: "application/vnd.cyclonedx+json", content: { bomFormat: "CycloneDX", specVersion: "1.5" } };
const SPDX: SbomDocument = { mediaType: "application/spdx+json", content: '{"spdxVersion":"SPDX-2.3"}\n' };

describe("SBOM file names", () => {
  it("are the Buildpack API's: <scope>.sbom.<extension of the media type>", () => {
    expect(sbomFileName("launch", "application/vnd.cyclonedx+json")).toBe("launch.sbom.cdx.json");
    expect(sbomFileName("launch", "application/spdx+json")).toBe("launch.sbom.spdx.json");
    expect(sbomFileName("build", "application/vnd.syft+json")).toBe("build.sbom.syft.json");
  });
});

describe("checkSbomFormats (the lifecycle's check, before it can fail the build)", () => {
  it("accepts formats buildpack.toml declares, parameters and case aside as Go's mime.ParseMediaType reads them", () => {
    expect(() => checkSbomFormats([CDX, SPDX], ["Application/Vnd.CycloneDX+JSON; version=1.5", "application/spdx+json"])).not.toThrow();
    expect(() => checkSbomFormats([], undefined)).not.toThrow();
  });

  it("refuses an undeclared format, naming the buildpack, what it declares and the fix", () => {
    expect(() => checkSbomFormats([CDX, SPDX], ["application/vnd.cyclonedx+json"], "test/bp")).toThrow(
      'buildpack.toml of test/bp does not declare the SBOM format application/spdx+json (it declares application/vnd.cyclonedx+json), and the lifecycle rejects undeclared SBOM files: add "application/spdx+json" to sbom-formats in its [buildpack] table',
    );
    expect(() => checkSbomFormats([CDX], undefined, "test/bp")).toThrow(/\(it declares none\)/);
  });

  it("refuses a media type the Buildpack API does not know, and two documents of one format", () => {
    const unknown = { mediaType: "text/plain", content: "" } as unknown as SbomDocument;
    expect(() => checkSbomFormats([unknown], ["text/plain"])).toThrow(/unsupported SBOM media type "text\/plain"/);
    expect(() => checkSbomFormats([CDX, CDX], ["application/vnd.cyclonedx+json"])).toThrow(/two SBOM documents of application\/vnd\.cyclonedx\+json/);
  });
});

describe("writeSboms", () => {
  const tmp = useTempDir();

  it("writes text as it is and values as indented JSON", async () => {
    const written = await writeSboms(tmp(), "launch", [CDX, SPDX]);
    expect(written).toEqual([join(tmp(), "launch.sbom.cdx.json"), join(tmp(), "launch.sbom.spdx.json")]);
    expect(await readFile(written[0] ?? "", "utf8")).toBe('{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.5"\n}\n');
    expect(await readFile(written[1] ?? "", "utf8")).toBe('{"spdxVersion":"SPDX-2.3"}\n');
  });
});

describe("sbom-formats in buildpack.toml", () => {
  const tmp = useTempDir();

  it("is read into the buildpack's info, and absent when buildpack.toml has none", async () => {
    await writeFile(join(tmp(), "buildpack.toml"), '[buildpack]\nid = "a/b"\nversion = "1.0.0"\nsbom-formats = ["application/spdx+json"]\n');
    expect(await readBuildpackInfo(tmp())).toEqual({ id: "a/b", name: "a/b", version: "1.0.0", sbomFormats: ["application/spdx+json"] });
    await writeFile(join(tmp(), "buildpack.toml"), '[buildpack]\nid = "a/b"\nversion = "1.0.0"\n');
    expect(await readBuildpackInfo(tmp())).toEqual({ id: "a/b", name: "a/b", version: "1.0.0" });
  });

  it("must be a list of media types", async () => {
    await writeFile(join(tmp(), "buildpack.toml"), '[buildpack]\nid = "a/b"\nversion = "1.0.0"\nsbom-formats = "application/spdx+json"\n');
    await expect(readBuildpackInfo(tmp())).rejects.toThrow("[buildpack] sbom-formats must be an array of media types");
  });
});

describe("a build that returns SBOM documents", () => {
  const tmp = useTempDir();
  let stderr = "";

  async function build(result: BuildResult, sbomFormats: string): Promise<number> {
    const dirs = { bp: join(tmp(), "bp"), app: join(tmp(), "app"), platform: join(tmp(), "platform"), layers: join(tmp(), "layers") };
    for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });
    await writeFile(join(dirs.bp, "buildpack.toml"), `api = "0.10"\n[buildpack]\nid = "test/bp"\nversion = "1.2.3"\n${sbomFormats}\n`);
    stderr = "";
    const buildpack: Buildpack = { detect: async () => ({ pass: true }), build: async () => result };
    return runPhase(buildpack, {
      argv0: join(dirs.bp, "bin", "build"),
      args: [],
      env: { CNB_BUILDPACK_DIR: dirs.bp, CNB_PLATFORM_DIR: dirs.platform, CNB_LAYERS_DIR: dirs.layers, CNB_BP_PLAN_PATH: join(tmp(), "plan.toml") },
      cwd: dirs.app,
      executable: join(dirs.bp, "bin", "run"),
      stdout: () => {},
      stderr: (text) => (stderr += text),
    });
  }

  it("gets launch.sbom.<ext> and build.sbom.<ext> in its layers dir, where the lifecycle looks for them", async () => {
    const formats = 'sbom-formats = ["application/vnd.cyclonedx+json", "application/spdx+json"]';
    expect(await build({ launchSbom: [CDX, SPDX], buildSbom: [SPDX] }, formats)).toBe(EXIT.pass);
    expect((await readdir(join(tmp(), "layers"))).sort()).toEqual(["build.sbom.spdx.json", "launch.sbom.cdx.json", "launch.sbom.spdx.json"]);
    expect(JSON.parse(await readFile(join(tmp(), "layers", "launch.sbom.cdx.json"), "utf8"))).toEqual(CDX.content);
  });

  it("fails before writing anything when buildpack.toml does not declare a format it wrote", async () => {
    expect(await build({ launch: { labels: [{ key: "a", value: "b" }] }, launchSbom: [CDX, SPDX] }, 'sbom-formats = ["application/vnd.cyclonedx+json"]')).toBe(EXIT.error);
    expect(stderr).toContain("buildpack.toml of test/bp does not declare the SBOM format application/spdx+json");
    expect(await readdir(join(tmp(), "layers"))).toEqual([]);
  });
});
