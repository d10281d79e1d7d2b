#!/usr/bin/env node
// What runs another architecture's Linux executables on this machine, for tests: qemu's
// user-mode emulator and that architecture's glibc. The bun-compiled buildpacks need only the
// dynamic loader and libc (`readelf -d`: libc, libm, libpthread, libdl; no libstdc++), which
// qemu finds under `-L <sysroot>`.
//
// The system's first (Debian: qemu-user and libc6-<arch>-cross; .ci/run installs them as root).
// Otherwise the same from Debian's archive without root: `apt-get download` into .cache/ (with a
// private `apt-get update` when the machine has no package lists), unpacked with dpkg-deb. The
// static qemu is taken there, as the dynamic one needs libraries that are not installed. Whatever
// is found is verified by running the sysroot's own loader under the emulator, so a broken
// system package or a stale cache is never trusted.
//
//   node scripts/user-mode-emulator.mjs <amd64|arm64>
//
// prints {"command": [...]}: the prefix that runs an executable of that arch ([] on that arch).
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const TARGETS = {
  arm64: { qemu: "qemu-aarch64", triplet: "aarch64-linux-gnu", glibc: "libc6-arm64-cross", loader: "lib/ld-linux-aarch64.so.1" },
  amd64: { qemu: "qemu-x86_64", triplet: "x86_64-linux-gnu", glibc: "libc6-amd64-cross", loader: "lib64/ld-linux-x86-64.so.2" },
};
const QEMU_STATIC_PACKAGE = "qemu-user-static";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(root, ".cache", "user-mode-emulator");
/** Why the last check of an emulator failed, for the error message. */
let lastCheck = "";

const arch = process.argv[2];
const target = TARGETS[arch];
if (!target) fail(`usage: node scripts/user-mode-emulator.mjs <${Object.keys(TARGETS).join("|")}>`);
if (arch === hostArch()) emit([]);
else emit(emulatorFor(target));

function emulatorFor(t) {
  const system = { qemu: onPath(t.qemu) ?? onPath(`${t.qemu}-static`), sysroot: systemSysroot(t) };
  const cached = { qemu: join(cacheDir, `${t.qemu}-static`), sysroot: join(cacheDir, t.triplet) };
  // What the system has, completed from the cache; then the cache alone; then the cache anew.
  const pairs = [{ qemu: system.qemu ?? cached.qemu, sysroot: system.sysroot ?? cached.sysroot }, cached];
  for (const pair of pairs) {
    fetchMissing(t, pair, cached);
    if (works(pair, t)) return [pair.qemu, "-L", pair.sysroot];
  }
  rmSync(cacheDir, { recursive: true, force: true });
  fetchMissing(t, cached, cached);
  if (works(cached, t)) return [cached.qemu, "-L", cached.sysroot];
  fail(`${cached.qemu} -L ${cached.sysroot} does not run ${t.loader} --version: ${lastCheck}\n${howToInstall(t)}`);
}

/** Downloads the cache's pieces the pair uses and the cache does not hold yet. */
function fetchMissing(t, pair, cached) {
  const missing = [];
  if (pair.qemu === cached.qemu && !existsSync(cached.qemu)) missing.push(QEMU_STATIC_PACKAGE);
  if (pair.sysroot === cached.sysroot && !existsSync(join(cached.sysroot, t.loader))) missing.push(t.glibc);
  if (missing.length > 0) download(t, missing);
}

function systemSysroot(t) {
  const sysroot = `/usr/${t.triplet}`;
  return existsSync(join(sysroot, t.loader)) ? sysroot : undefined;
}

/** The sysroot's loader is itself an executable of the target arch: `ld.so --version` runs it. */
function works({ qemu, sysroot }, t) {
  const result = spawnSync(qemu, ["-L", sysroot, join(sysroot, t.loader), "--version"], { encoding: "utf8", timeout: 60_000 });
  lastCheck = result.error ? result.error.message : `exit ${result.status}: ${(result.stderr || result.stdout).trim().split("\n")[0]}`;
  return result.status === 0 && /ld\.so|GLIBC/.test(result.stdout);
}

/** Fetches Debian packages without root and keeps only what the emulation needs. */
function download(t, packages) {
  if (!onPath("apt-get") || !onPath("dpkg-deb")) fail(`apt-get and dpkg-deb are not here to fetch ${packages.join(" ")}.\n${howToInstall(t)}`);
  process.stderr.write(`fetching ${packages.join(" ")} into ${cacheDir} (once)\n`);
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, "fetch-"));
  try {
    let fetched = apt(["download", ...packages], work, []);
    if (fetched.status !== 0) {
      // No package lists (a fresh container has none): a private `apt-get update`, no root needed.
      const lists = join(cacheDir, "apt", "lists");
      const archives = join(cacheDir, "apt", "cache", "archives");
      for (const dir of [join(lists, "partial"), join(archives, "partial")]) mkdirSync(dir, { recursive: true });
      const privateState = ["-o", `Dir::State::Lists=${lists}`, "-o", `Dir::Cache=${dirname(archives)}`, "-o", "Debug::NoLocking=1"];
      const update = apt(["update"], work, privateState);
      fetched = update.status === 0 ? apt(["download", ...packages], work, privateState) : update;
      rmSync(join(cacheDir, "apt"), { recursive: true, force: true });
    }
    if (fetched.status !== 0) fail(`apt-get could not fetch ${packages.join(" ")}: ${fetched.output}\n${howToInstall(t)}`);
    for (const deb of readdirSync(work).filter((name) => name.endsWith(".deb"))) unpack(join(work, deb), t);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function apt(args, cwd, options) {
  const result = spawnSync("apt-get", ["-q", ...options, ...args], { cwd, encoding: "utf8", timeout: 10 * 60_000 });
  return { status: result.status, output: (result.error?.message ?? `${result.stdout}${result.stderr}`).trim() };
}

/** From qemu-user-static only the one emulator (the package holds every arch's: 375 MB); from the glibc package its sysroot. */
function unpack(deb, t) {
  const out = mkdtempSync(join(cacheDir, "unpack-"));
  try {
    const tar = spawnSync("sh", ["-c", 'dpkg-deb --fsys-tarfile "$1" | tar -x -C "$2"', "unpack", deb, out], { encoding: "utf8" });
    if (tar.status !== 0) fail(`dpkg-deb could not unpack ${deb}: ${tar.stderr.trim()}`);
    const pieces = [
      [join(out, "usr", "bin", `${t.qemu}-static`), join(cacheDir, `${t.qemu}-static`)],
      [join(out, "usr", t.triplet), join(cacheDir, t.triplet)],
    ];
    for (const [from, to] of pieces) {
      if (!existsSync(from)) continue;
      rmSync(to, { recursive: true, force: true });
      renameSync(from, to);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this dir
    }
  }
  return undefined;
}

function hostArch() {
  return { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
}

function howToInstall(t) {
  return `To run linux/${arch} executables, install ${t.qemu} and ${t.triplet}'s glibc: on Debian or Ubuntu, as root, \`apt-get install qemu-user ${t.glibc}\`.`;
}

function emit(command) {
  process.stdout.write(`${JSON.stringify({ command })}\n`);
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
