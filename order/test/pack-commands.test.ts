import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { buildDoccheck, componentBuildpacks, imageContents, type ModuleRef, PAKETO_GO_VERSION, read, root, runDoccheck } from "./doccheck";

// Every pack command line in README.md, docs/ and samples/ must work when pasted. Each goes
// through pack's own command tree (cobra: unknown flags and commands, argument counts) and each
// buildpack reference through pack's buildpack.GetLocatorType, both from the pack module
// `pnpm package` builds with, in a model of what the user has: a clone of this repository after
// `pnpm package`, and builders holding known buildpacks. A reference pack would send to the
// Buildpack Registry fails, as does an image named without its registry or version.
jest.setTimeout(10 * 60_000);

interface DocumentedCommand {
  /** file:line where the command starts */
  where: string;
  /** the words after `pack` */
  args: string[];
}

interface CommandReport {
  where: string;
  command?: string;
  args: string[];
  error?: string;
  modules: { from: string; locator: string; type: string; error?: string; image?: ImageFacts }[];
  paths: { from: string; path: string; exists: boolean }[];
  targets: string[];
  publish: boolean;
  order: string[];
}

interface ImageFacts {
  name: string;
  registry: string;
  explicitRegistry: boolean;
  tag?: string;
  digest?: string;
}

const SHELL_LANGUAGES = new Set(["", "sh", "bash", "shell", "console", "zsh"]);

/**
 * Splits one shell line into its simple commands' words, as sh would with nothing to expand.
 * Anything whose meaning depends on the user's shell or files (variables, globs, redirections,
 * placeholders such as `<image>`) is refused: such a line does not work when pasted as is.
 */
function shellCommands(line: string): string[][] {
  let current: string[] = [];
  const commands = [current];
  let word: string | undefined;
  const endWord = () => {
    if (word !== undefined) current.push(word);
    word = undefined;
  };
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c === " " || c === "\t") {
      endWord();
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error("an unterminated single quote");
      word = (word ?? "") + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let quoted = "";
      for (i++; line.charAt(i) !== '"'; i++) {
        if (i >= line.length) throw new Error("an unterminated double quote");
        if (line.charAt(i) === "$" || line.charAt(i) === "`") throw new Error(`\`${line.charAt(i)}\` inside double quotes, which the shell expands`);
        if (line.charAt(i) === "\\" && '"\\$`'.includes(line.charAt(i + 1))) i++;
        quoted += line.charAt(i);
      }
      word = (word ?? "") + quoted;
      i++;
    } else if (c === "\\") {
      word = (word ?? "") + line.charAt(i + 1);
      i += 2;
    } else if (c === "#" && word === undefined) {
      break;
    } else if (line.startsWith("&&", i) || line.startsWith("||", i) || c === ";" || c === "|") {
      endWord();
      current = [];
      commands.push(current);
      i += line.startsWith("&&", i) || line.startsWith("||", i) ? 2 : 1;
    } else if ("$`<>*?[]{}()~".includes(c)) {
      throw new Error(`\`${c}\`, which the shell interprets (write the value out, quoted if need be)`);
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  endWord();
  return commands.filter((words) => words.length > 0);
}

/** `pack …` commands on one logical shell line; a line the shell would reinterpret is an error. */
function packCommandsOf(line: string, where: string): DocumentedCommand[] {
  if (!/(^|[\s;&|])pack\s/.test(line)) return [];
  try {
    return shellCommands(line)
      .filter((words) => words[0] === "pack")
      .map((words) => ({ where, args: words.slice(1) }));
  } catch (error) {
    // Reported as a command pack cannot parse, with the reason, so the test names the line.
    return [{ where, args: ["<unparseable>", `${(error as Error).message}: ${line}`] }];
  }
}

/** Shell code blocks (with `\` continuations) and inline code spans of a Markdown file. */
function markdownCommands(file: string, text: string): DocumentedCommand[] {
  const commands: DocumentedCommand[] = [];
  const lines = text.split("\n");
  const prose: string[] = [];
  let fence: { marker: string; shell: boolean } | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? "";
    const opening = /^\s*(```+|~~~+)\s*([\w-]*)/.exec(line);
    if (fence === undefined && opening) {
      fence = { marker: opening[1] ?? "", shell: SHELL_LANGUAGES.has((opening[2] ?? "").toLowerCase()) };
      prose.push("");
      continue;
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence.marker)) fence = undefined;
      prose.push("");
      if (fence === undefined || !fence.shell) continue;
      let logical = line.replace(/^\s*\$\s/, "");
      const start = n + 1;
      while (/(^|[^\\])(\\\\)*\\$/.test(logical) && n + 1 < lines.length) {
        logical = logical.slice(0, -1) + (lines[++n] ?? "");
        prose.push("");
      }
      commands.push(...packCommandsOf(logical, `${file}:${start}`));
      continue;
    }
    prose.push(line);
  }
  // Inline code may wrap across lines; positions map back through the kept line structure.
  const proseText = prose.join("\n");
  for (const span of proseText.matchAll(/`([^`]+)`/g)) {
    const code = (span[1] ?? "").replace(/\s*\n\s*/g, " ").trim();
    if (!code.startsWith("pack ")) continue;
    const line = proseText.slice(0, span.index).split("\n").length;
    commands.push(...packCommandsOf(code, `${file}:${line}`));
  }
  return commands;
}

/** `# pack …` comment lines of a TOML or YAML file (configs that tell how to use them). */
function commentCommands(file: string, text: string): DocumentedCommand[] {
  return text.split("\n").flatMap((line, n) => {
    const comment = /^\s*#\s*(pack\s.*)$/.exec(line);
    return comment?.[1] ? packCommandsOf(comment[1], `${file}:${n + 1}`) : [];
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The files whose commands users paste: README.md, everything in docs/, the samples' READMEs. */
function documentationFiles(): string[] {
  const samples = filesUnder("samples").filter((file) => file.endsWith("README.md"));
  return ["README.md", ...filesUnder("docs"), ...samples].sort();
}

function documentedCommands(): DocumentedCommand[] {
  const lineOf = (command: DocumentedCommand) => Number(command.where.split(":")[1]);
  return documentationFiles().flatMap((file) => {
    const text = read(file);
    const found = file.endsWith(".md") ? markdownCommands(file, text) : /\.(toml|ya?ml)$/.test(file) ? commentCommands(file, text) : [];
    return found.sort((a, b) => lineOf(a) - lineOf(b));
  });
}

/**
 * The files `pnpm package` (scripts/package.mjs) writes for `pack build --buildpack <file>`: one
 * .cnb per signature buildpack and target, named as pack names them when packaging several
 * targets to a file (order/test/package.test.ts opens them).
 */
function packageOutputs(): string[] {
  return componentBuildpacks().flatMap(({ id, version, targets }) =>
    targets.map(({ os, arch }) => `dist/cnb/${id.split("/")[1]}-${version}-${os}-${arch}.cnb`),
  );
}

/**
 * The working directory the commands run in: the repository's files (what a clone holds, not
 * what this checkout happens to have built) plus `pnpm package`'s outputs.
 */
function modelWorkdir(dir: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root })
    .toString()
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    symlinkSync(join(root, file), join(dir, file));
  }
  for (const output of packageOutputs()) {
    mkdirSync(dirname(join(dir, output)), { recursive: true });
    writeFileSync(join(dir, output), "");
  }
}

/**
 * Paketo's Jammy base builder holds Paketo's Go buildpack with all its members (and other
 * languages' buildpacks the docs never name): paketo-buildpacks/builder-jammy-base's builder.toml.
 */
const PAKETO_BUILDER = "paketobuildpacks/builder-jammy-base";

function paketoBuilderContents(): ModuleRef[] {
  const contents = imageContents(`docker.io/paketobuildpacks/go:${PAKETO_GO_VERSION}`);
  if (!contents) throw new Error("no model of Paketo's Go image");
  return contents;
}

/** Builders the docs make with `pack builder create`: they hold what their buildpacks' images carry. */
function createdBuilders(reports: CommandReport[]): Record<string, ModuleRef[]> {
  const builders: Record<string, ModuleRef[]> = {};
  for (const report of reports) {
    if (report.command !== "pack builder create" || report.error) continue;
    const contents = report.modules.map((m) => (m.image ? imageContents(m.image.name) : undefined));
    const [name] = report.args;
    if (name && contents.every((c) => c !== undefined)) builders[name] = contents.flat() as ModuleRef[];
  }
  return builders;
}

/** Why a command would not work when pasted, or nothing. */
function problems(report: CommandReport): string[] {
  const found: string[] = [];
  if (report.error) found.push(`pack refuses it: ${report.error}`);
  for (const { from, locator, type, error, image } of report.modules) {
    const named = `${from} ${locator}`;
    if (error) found.push(`${named}: ${error}`);
    switch (type) {
      case "RegistryLocator":
        found.push(
          `${named}: pack would look this up in the Buildpack Registry; name an image (docker://<registry>/<namespace>/<name>:<version>), a .cnb file or a directory, or an id the builder holds`,
        );
        break;
      case "IDLocator":
        if (locator.includes("@")) found.push(`${named}: a version pinned on a builder's buildpack breaks when the builder moves on; use the bare id`);
        break;
      case "URILocator":
        if (/^[a-z]+:\/\//.test(locator)) found.push(`${named}: a URL this test cannot check; name an image or a local file`);
        break;
      case "PackageLocator":
        if (!image?.explicitRegistry) found.push(`${named}: name the image's registry (docker://ghcr.io/…)`);
        else if (!image.digest && (!image.tag || image.tag === "latest")) found.push(`${named}: pin the image's version`);
        else if (!imageContents(image.name)) found.push(`${named}: not an image of a buildpack at the version this repository pins`);
        break;
      default:
        found.push(`${named}: pack cannot use this reference (${type})`);
    }
  }
  for (const { from, path, exists } of report.paths) if (!exists) found.push(`${from} ${path}: no such file after pnpm package`);
  return found;
}

const commands = documentedCommands();
const work = mkdtempSync(join(tmpdir(), "pack-commands-"));
let reports = new Map<string, CommandReport>();

beforeAll(() => {
  const binary = buildDoccheck(work);
  const workdir = join(work, "clone");
  modelWorkdir(workdir);
  const run = (builders: Record<string, ModuleRef[]>) =>
    runDoccheck<CommandReport[]>(binary, "pack", JSON.stringify({ workdir, builders, commands }));
  const paketo = { [PAKETO_BUILDER]: paketoBuilderContents() };
  // First pass: what the docs' `pack builder create` commands make; second: every command, with those builders too.
  const builders = { ...paketo, ...createdBuilders(run(paketo)) };
  reports = new Map(run(builders).map((report) => [report.where, report]));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

it("finds the commands users paste: in the README, docs/using.md, builder.toml and every sample's README", () => {
  const count = (file: string) => commands.filter((c) => c.where.startsWith(`${file}:`)).length;
  expect(count("README.md")).toBeGreaterThanOrEqual(1);
  expect(count("docs/using.md")).toBeGreaterThanOrEqual(6);
  expect(count("docs/builder.toml")).toBeGreaterThanOrEqual(1);
  for (const sample of readdirSync(join(root, "samples", "go"))) expect([sample, count(`samples/go/${sample}/README.md`)]).toEqual([sample, 2]);
});

it.each(commands.map((c) => [`${c.where}: pack ${c.args.join(" ")}`, c]))("%s", (_, command) => {
  const report = reports.get((command as DocumentedCommand).where);
  expect(report).toBeDefined();
  expect(problems(report as CommandReport)).toEqual([]);
});

it("pack build commands name buildpacks pack can fetch: published images, .cnb files from pnpm package, ids the builder holds", () => {
  const builds = [...reports.values()].filter((r) => r.command === "pack build");
  const types = new Set(builds.flatMap((r) => r.modules.map((m) => m.type)));
  expect([...types].sort()).toEqual(["IDLocator", "PackageLocator", "URILocator"]);
  const files = builds.flatMap((r) => r.modules.filter((m) => m.type === "URILocator").map((m) => m.locator));
  for (const file of files) expect(packageOutputs()).toContain(file.replace(/^\.\//, ""));
});

it("the documented builder is made for linux/amd64 and linux/arm64 and orders only what its buildpacks carry", () => {
  const creates = [...reports.values()].filter((r) => r.command === "pack builder create");
  expect(creates.length).toBeGreaterThan(0);
  for (const report of creates) {
    expect(report.targets.sort()).toEqual(["linux/amd64", "linux/arm64"]);
    const carried = new Set(report.modules.flatMap((m) => (m.image && imageContents(m.image.name)) || []).map((m) => m.id));
    expect(report.order.length).toBeGreaterThan(0);
    for (const id of report.order) expect([id, carried.has(id)]).toEqual([id, true]);
  }
});

describe("the checks bite", () => {
  it("a bare fnpacks id goes to the Buildpack Registry, an unknown flag to pack's parser, a placeholder to the shell", () => {
    const binary = join(work, "doccheck");
    const [bare, unknownFlag, shortImage] = runDoccheck<[CommandReport, CommandReport, CommandReport]>(
      binary,
      "pack",
      JSON.stringify({
        workdir: root,
        builders: { [PAKETO_BUILDER]: paketoBuilderContents() },
        commands: [
          { where: "bare", args: ["build", "x", "--builder", PAKETO_BUILDER, "--buildpack", "fnpacks/go-functions"] },
          { where: "flag", args: ["build", "x", "--builder", PAKETO_BUILDER, "--buildpacks", "./dist"] },
          { where: "short", args: ["build", "x", "--builder", PAKETO_BUILDER, "--buildpack", "fnpacks/go-functions:0.1.0"] },
        ],
      }),
    );
    expect(problems(bare)).toEqual([expect.stringContaining("Buildpack Registry")]);
    expect(problems(unknownFlag)).toEqual(["pack refuses it: unknown flag: --buildpacks"]);
    expect(problems(shortImage)).toEqual([expect.stringContaining("name the image's registry")]);
    expect(() => shellCommands("pack buildpack package <image> --path .")).toThrow("`<`");
    expect(shellCommands("pnpm package && pack build a \"--env=X=a b\"")).toEqual([
      ["pnpm", "package"],
      ["pack", "build", "a", "--env=X=a b"],
    ]);
  });
});
