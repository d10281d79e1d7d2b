import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pruneSiblings } from "../src/tools";

let cache: string;
beforeEach(async () => {
  cache = await mkdtemp(join(tmpdir(), "devkit-tools-"));
});
afterEach(() => rm(cache, { recursive: true, force: true }));

async function built(dir: string, complete = true) {
  await mkdir(dir, { recursive: true });
  if (complete) await writeFile(join(dir, ".complete"), "go1.26\n");
}

it("removes what older pins built once the new build is complete, and nothing else", async () => {
  const tools = join(cache, "tools");
  const keep = join(tools, "go-build-1111111111111111");
  await built(keep);
  await built(join(tools, "go-build-2222222222222222"));
  await built(join(tools, "go-build-3333333333333333"), false); // another process is building it
  await built(join(tools, "lifecycle-4444444444444444"));
  await mkdir(join(tools, "go-build-5555555555555555.lock"));
  for (const dir of ["go-build-1111111111111111-aaaa", "go-build-1111111111111111-bbbb", "go-build-2222222222222222-aaaa"]) {
    await mkdir(join(cache, "buildpacks", dir), { recursive: true });
  }

  const removed = await pruneSiblings(keep);
  expect(removed.sort()).toEqual([join(cache, "buildpacks", "go-build-2222222222222222-aaaa"), join(tools, "go-build-2222222222222222")]);
  expect((await readdir(tools)).sort()).toEqual([
    "go-build-1111111111111111",
    "go-build-3333333333333333",
    "go-build-5555555555555555.lock",
    "lifecycle-4444444444444444",
  ]);
  expect(existsSync(join(cache, "buildpacks", "go-build-1111111111111111-bbbb"))).toBe(true);
});
