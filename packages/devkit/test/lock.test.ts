import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lock } from "../src/lock";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-lock-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("lets one holder in at a time, in turn", async () => {
  const path = join(dir, "l.lock");
  const events: string[] = [];
  const holder = async (name: string) => {
    const release = await lock(path);
    events.push(`${name} in`);
    await new Promise((r) => setTimeout(r, 50));
    events.push(`${name} out`);
    await release();
  };
  await Promise.all([holder("a"), holder("b"), holder("c")]);
  for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]?.replace(" in", " out"));
  expect(existsSync(path)).toBe(false);
});

it("records its pid and takes over a lock whose holder has died", async () => {
  const path = join(dir, "l.lock");
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
  await mkdir(path);
  await writeFile(join(path, "pid"), dead);
  const release = await lock(path);
  expect(await readFile(join(path, "pid"), "utf8")).toBe(String(process.pid));
  await release();
});

it("takes over a lock older than staleMs", async () => {
  const path = join(dir, "l.lock");
  await mkdir(path); // no pid: a holder that died before writing it
  await new Promise((r) => setTimeout(r, 20));
  const release = await lock(path, 10);
  await release();
});
