import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DevkitError, writePlatformEnv } from "../src";
import { PASSED_THROUGH, passedThrough, platformEnv } from "../src/platform-env";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "devkit-platform-env-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it("passes on the host's Go settings that are set, and nothing else of the host's", () => {
  const host = { GOPROXY: "https://proxy.example", GOFLAGS: "", GOPATH: "/root/go", GOCACHE: "/root/.cache/go", HOME: "/root", PATH: "/bin" };
  expect(passedThrough(host)).toEqual({ GOPROXY: "https://proxy.example" });
  expect(PASSED_THROUGH).not.toContain("GOCACHE"); // go-build's GOCACHE is a cache layer
});

it("lets the user's env override the host's, and the stand-in's GOROOT override both", () => {
  const host = { GOPROXY: "https://host.example", GOSUMDB: "off" };
  const env = platformEnv({ GOPROXY: "https://user.example", BP_FUNCTION_NAME: "Handler", FNPACKS_DEVKIT_GOROOT: "/elsewhere" }, "/usr/local/go", host);
  expect(env).toEqual({ GOPROXY: "https://user.example", GOSUMDB: "off", BP_FUNCTION_NAME: "Handler", FNPACKS_DEVKIT_GOROOT: "/usr/local/go" });
  expect(platformEnv(undefined, "/usr/local/go", {})).toEqual({ FNPACKS_DEVKIT_GOROOT: "/usr/local/go" });
});

it("writes platform env as files, the only way BP_* reach buildpacks", async () => {
  await writePlatformEnv(dir, { BP_FUNCTION_NAME: "Handler", GOFLAGS: "-mod=vendor" });
  expect(await readFile(join(dir, "env", "BP_FUNCTION_NAME"), "utf8")).toBe("Handler");
  expect(await readFile(join(dir, "env", "GOFLAGS"), "utf8")).toBe("-mod=vendor");
});

it("refuses a name that is no variable name (it would be a path)", async () => {
  await expect(writePlatformEnv(dir, { "../escape": "x" })).rejects.toThrow(DevkitError);
  await expect(writePlatformEnv(dir, { "A=B": "x" })).rejects.toThrow('"A=B" is not an environment variable name');
  expect(await readdir(dir)).toEqual(["env"]);
  expect(await readdir(join(dir, "env"))).toEqual([]);
});
