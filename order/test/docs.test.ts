import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseToml, type TomlTable } from "@fnpacks/cnb";
import { signaturePackages } from "@fnpacks/devkit";
import { moduleRef, orderBuildpack, PAKETO_GO_VERSION, paketoMembers } from "./doccheck";

// What the docs state about configuration and versions, checked against the code and the
// order. (The runtime's variables are checked by go-codegen/runtime/docs_test.go; what each
// sample answers, by samples.test.ts.)
const root = join(__dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");

/** README configuration rows: name → [when, default]. */
function configurationTable(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of read("README.md").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const name = /^`([A-Z_]+)`$/.exec(cells[1] ?? "")?.[1];
    if (name && cells.length >= 6) rows.set(name, cells.slice(2, 4));
  }
  return rows;
}

it("the README documents every build-time variable the signature buildpacks declare", () => {
  const table = configurationTable();
  for (const { dir } of signaturePackages(root)) {
    const toml = parseToml(readFileSync(join(dir, "buildpack.toml"), "utf8"));
    const configurations = ((toml.metadata as TomlTable).configurations as TomlTable[]).map((c) => String(c.name));
    expect(configurations.length).toBeGreaterThan(0);
    for (const name of configurations) expect([name, table.get(name)?.[0]]).toEqual([name, "build"]);
  }
  // …and the build-time variables the code reads.
  const config = read("packages/go-function/src/config.ts");
  for (const name of config.match(/"BP_[A-Z_]+"/g) ?? []) expect(table.has(name.slice(1, -1))).toBe(true);
});

it("the README's detection table has a row for every signature buildpack the registry finds", () => {
  const readme = read("README.md");
  for (const { dir } of signaturePackages(root)) {
    const id = String((parseToml(readFileSync(join(dir, "buildpack.toml"), "utf8")).buildpack as TomlTable).id);
    expect([id, readme.includes(`| \`${id}\` |`)]).toEqual([id, true]);
  }
});

it("docs/using.md pins the versions the order pins", () => {
  const order = parseToml(read("order/buildpack.toml"));
  const pinned = new Map((order.order as TomlTable[]).flatMap((o) => (o.group as TomlTable[]).map((e) => [String(e.id), String(e.version)])));
  const docs = read("docs/using.md");
  const mentioned = [...docs.matchAll(/id = "([^"]+)"\s*\n\s*version = "([^"]+)"/g)];
  expect(mentioned.length).toBeGreaterThan(3);
  for (const [, id, version] of mentioned) {
    if (id === "fnpacks/go-functions") continue;
    expect([id, version]).toEqual([id, pinned.get(id as string)]);
  }
  const own = (order.buildpack as TomlTable).version;
  for (const [, version] of docs.matchAll(/ghcr\.io\/fnpacks\/go-functions:([0-9.]+)/g)) expect(version).toBe(own);
});

/** The TOML code blocks of a Markdown file. */
function tomlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```toml\n([\s\S]*?)```/g)].map((block) => block[1] ?? "");
}

it("the Paketo snippet in docs/using.md is a composite of its own with whole groups of the order, every Paketo member included", () => {
  const snippets = tomlBlocks(read("docs/using.md")).filter((block) => /^\[buildpack\]/m.test(block) && /^\[\[order\]\]/m.test(block));
  expect(snippets).toHaveLength(1);
  const snippet = parseToml(snippets[0] ?? "");
  const order = orderBuildpack();
  // Its own id: a modified copy under paketo-buildpacks/go clashes with the real one.
  expect(["paketo-buildpacks/go", order.id]).not.toContain((snippet.buildpack as TomlTable).id);
  const groups = (snippet.order as TomlTable[]).map((entry) => (entry.group as TomlTable[]).map(moduleRef));
  expect(groups.length).toBeGreaterThan(0);
  for (const group of groups) expect(order.groups).toContainEqual(group);
  const shown = new Set(groups.flat().map((entry) => entry.id));
  for (const member of paketoMembers()) expect([member.id, shown.has(member.id)]).toEqual([member.id, true]);
});

it("the docs name the Paketo Go buildpack version whose members the order pins", () => {
  for (const file of ["docs/using.md", "docs/kpack.yaml"]) {
    const mentioned = [...read(file).matchAll(/(?:Paketo's Go (?:buildpack|image)|paketobuildpacks\/go:)\s*([0-9]+\.[0-9]+\.[0-9]+)/g)].map((m) => m[1]);
    expect([file, mentioned.length > 0]).toEqual([file, true]);
    for (const version of mentioned) expect([file, version]).toEqual([file, PAKETO_GO_VERSION]);
  }
});

it("docs/builder.toml orders this release's composite and pins the lifecycle devkit's tests run", () => {
  const builder = parseToml(read("docs/builder.toml"));
  const order = orderBuildpack();
  expect((builder.buildpacks as TomlTable[]).map((b) => b.uri)).toEqual([`docker://ghcr.io/fnpacks/go-functions:${order.version}`]);
  expect((builder.order as TomlTable[]).map((o) => (o.group as TomlTable[]).map(moduleRef))).toEqual([[{ id: order.id, version: order.version }]]);
  const lifecycle = /github\.com\/buildpacks\/lifecycle v([0-9.]+)/.exec(read("packages/devkit/tools/lifecycle/go.mod"))?.[1];
  expect((builder.lifecycle as TomlTable).version).toBe(lifecycle);
});
