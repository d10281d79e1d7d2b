import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BuildpackDir } from "../src";
import { type AccessProbe, accessProbe, BUILD_GID, BUILD_UID, buildIds, buildUser, handOver, reachableBuildpacks, reachableTools } from "../src/build-user";
import type { ExecOptions } from "../src/exec";

// Who runs the lifecycle and what they can reach, with the kernel's answer (the probe) faked:
// no root, no second user needed.
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-build-user-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A probe that answers as if the user could not reach `unreachable`; records what it was asked. */
function fakeProbe(unreachable: string[]): AccessProbe & { asked: Array<[string[], string]> } {
  const asked: Array<[string[], string]> = [];
  const probe = async (paths: string[], test: "-r" | "-x") => {
    asked.push([paths, test]);
    return new Set(paths.filter((p) => unreachable.includes(p)));
  };
  return Object.assign(probe, { asked });
}

async function buildpackDir(name: string): Promise<BuildpackDir> {
  const bpDir = join(dir, "checkout", name);
  await mkdir(join(bpDir, "bin"), { recursive: true });
  await writeFile(join(bpDir, "buildpack.toml"), `[buildpack]\n  id = "t/${name}"\n  version = "1.0.0"\n`);
  await writeFile(join(bpDir, "bin", "run"), "#!/bin/sh\n");
  await symlink("run", join(bpDir, "bin", "detect"));
  return { id: `t/${name}`, version: "1.0.0", dir: bpDir };
}

it("hands the build to an ordinary user only when devkit is root (detector and builder refuse root)", () => {
  expect(buildUser({ uid: 0 })).toEqual({ uid: BUILD_UID, gid: BUILD_GID });
  expect(buildUser({ uid: 501 })).toBeUndefined();
  expect(buildUser({})).toBeUndefined(); // no getuid: not a POSIX system, nothing to switch
});

it("tells the lifecycle the ids the build runs as: the build user's, else devkit's own", () => {
  expect(buildIds({ uid: 1000, gid: 1000 }, { uid: 0, gid: 0 })).toEqual({ uid: 1000, gid: 1000 });
  expect(buildIds(undefined, { uid: 501, gid: 20 })).toEqual({ uid: 501, gid: 20 });
  expect(buildIds(undefined, {})).toEqual({ uid: BUILD_UID, gid: BUILD_GID });
});

it("copies only the buildpacks the user cannot read, symlinks as they are, under the copies dir", async () => {
  const readable = await buildpackDir("readable");
  const hidden = await buildpackDir("hidden");
  const copies = join(dir, "work", "copies");
  const probe = fakeProbe([join(hidden.dir, "buildpack.toml")]);

  const reached = await reachableBuildpacks([readable, hidden], copies, probe);
  expect(probe.asked).toEqual([[[join(readable.dir, "buildpack.toml"), join(hidden.dir, "buildpack.toml")], "-r"]]);
  expect(reached[0]).toBe(readable);
  expect(reached[1]).toEqual({ id: "t/hidden", version: "1.0.0", dir: join(copies, "t_hidden-1.0.0") });
  expect(await readFile(join(copies, "t_hidden-1.0.0", "buildpack.toml"), "utf8")).toContain('id = "t/hidden"');
  // packit-style buildpacks dispatch on argv[0]: bin/detect must stay a link to run.
  expect(await readlink(join(copies, "t_hidden-1.0.0", "bin", "detect"))).toBe("run");
});

it("makes no copies dir when the user reaches everything", async () => {
  const copies = join(dir, "copies");
  const readable = await buildpackDir("readable");
  expect(await reachableBuildpacks([readable], copies, fakeProbe([]))).toEqual([readable]);
  const tools = { lifecycle: join(dir, "lifecycle"), launcher: join(dir, "launcher"), goBuild: join(dir, "run") };
  expect(await reachableTools(tools, copies, fakeProbe([]))).toBe(tools);
  expect(existsSync(copies)).toBe(false);
});

it("copies the lifecycle and the launcher together when the user cannot run either", async () => {
  const tools = { lifecycle: join(dir, "cache", "lifecycle"), launcher: join(dir, "cache", "launcher"), goBuild: join(dir, "cache", "run") };
  await mkdir(join(dir, "cache"));
  for (const file of Object.values(tools)) await writeFile(file, file);
  const copies = join(dir, "copies");
  const probe = fakeProbe([tools.launcher]);
  const reached = await reachableTools(tools, copies, probe);
  expect(probe.asked).toEqual([[[tools.lifecycle, tools.launcher], "-x"]]);
  // go-build's binary is reached through its buildpack dir, which reachableBuildpacks covers.
  expect(reached).toEqual({ lifecycle: join(copies, "lifecycle"), launcher: join(copies, "launcher"), goBuild: tools.goBuild });
  expect(await readFile(join(copies, "launcher"), "utf8")).toBe(tools.launcher);
});

it("asks the shell's test as the user, one path per argument, and reads back the ones that failed", async () => {
  const calls: Array<{ command: string; args: string[]; options?: ExecOptions }> = [];
  const run = async (command: string, args: string[], options?: ExecOptions) => {
    calls.push({ command, args, ...(options ? { options } : {}) });
    return { code: 0, output: "/a b/buildpack.toml\n" };
  };
  const probe = accessProbe({ uid: 1000, gid: 1001 }, run);
  expect(await probe(["/ok/buildpack.toml", "/a b/buildpack.toml"], "-r")).toEqual(new Set(["/a b/buildpack.toml"]));
  expect(calls).toEqual([
    { command: "/bin/sh", args: ["-c", 'for p; do [ -r "$p" ] || echo "$p"; done', "sh", "/ok/buildpack.toml", "/a b/buildpack.toml"], options: { uid: 1000, gid: 1001 } },
  ]);
});

it("really answers as the user it runs as (here: this process's own)", async () => {
  const self = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  await writeFile(join(dir, "file"), "");
  const missing = await accessProbe(self)([join(dir, "file"), join(dir, "absent")], "-r");
  expect(missing).toEqual(new Set([join(dir, "absent")]));
});

it("hands a tree over with chown -R", async () => {
  const calls: string[][] = [];
  await handOver("/work/x", { uid: 1000, gid: 1000 }, async (command, args) => {
    calls.push([command, ...args]);
    return { code: 0, output: "" };
  });
  expect(calls).toEqual([["chown", "-R", "1000:1000", "/work/x"]]);
});
