import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type FunctionTarget, RUNTIME_FILES, writeGeneratedPackage } from "@fnpacks/go-codegen";
import { copyFixture, go, gofmtUnformatted, removeDir, startServer } from "@fnpacks/go-codegen/testing";
import { generateHttpServer } from "../src/generate";
import { HTTP_SPECS, type HttpShape } from "../src/specs";

const FIXTURES = join(__dirname, "fixtures", "generate");

interface Case {
  shape: HttpShape;
  name: string;
  path: string;
  response: string;
}

const cases: Case[] = [
  { shape: "handler-func", name: "Handler", path: "/hello", response: "handler-func GET /hello" },
  { shape: "context-handler-func", name: "Handle", path: "/", response: "context-handler-func request-context=true" },
  { shape: "handler-func-var", name: "Greet", path: "/?name=ada", response: "handler-func-var ada" },
  { shape: "handler-var", name: "Router", path: "/users/42", response: "handler-var user 42" },
];

function targetOf(fixture: string, name: string, position = "function.go:10"): FunctionTarget {
  const modulePath = `example.com/fixtures/${fixture}`;
  return { modulePath, importPath: modulePath, name, position };
}

function mainOf(fixture: string, name: string, shape: HttpShape, position?: string): string {
  const main = generateHttpServer(targetOf(fixture, name, position), shape).files.find((f) => f.path.endsWith("/main.go"));
  if (!main) throw new Error("no main.go generated");
  return main.content;
}

it("has a case, a fixture and a golden for every shape the signature declares", () => {
  expect(cases.map((c) => c.shape)).toEqual(HTTP_SPECS.map((spec) => spec.id));
  expect(() => generateHttpServer(targetOf("x", "Handler"), "handler-struct" as HttpShape)).toThrow(/unknown HTTP function shape handler-struct/);
});

describe("generated main (golden)", () => {
  it.each(cases)("$shape", async ({ shape, name }) => {
    const golden = join(__dirname, "golden", `${shape}.go.txt`);
    const actual = mainOf(shape, name, shape);
    if (process.env.UPDATE_GOLDEN) await writeFile(golden, actual);
    expect(actual).toBe(await readFile(golden, "utf8"));
  });

  it("copies every runtime file verbatim and marks the directory as ours", () => {
    const { files, buildTarget } = generateHttpServer(targetOf("x", "Handler"), "handler-func");
    expect(buildTarget).toBe("./fnpacks-generated/server");
    for (const [name, content] of Object.entries(RUNTIME_FILES)) {
      expect(files).toContainEqual({ path: `fnpacks-generated/fnruntime/${name}`, content });
    }
    expect(files.map((f) => f.path)).toContain("fnpacks-generated/.generated-by-fnpacks");
  });
});

/** What a file or directory name can hold and Go source cannot hold verbatim, "*\/" too. */
const HOSTILE = 'we\nird */ "dir"\\fi\r\nle\t\u2028\ufeff\u0007\ud800.go:10';

describe("text from the user's tree in generated code", () => {
  it("keeps the main file's comment on one line", () => {
    const main = mainOf("handler-func", "Handler", "handler-func", HOSTILE);
    const comment = main.split("\n").find((line) => line.startsWith("// Command server serves"));
    expect(comment).toContain('(we\\nird */ "dir"\\fi\\r\\nle\\t\\u2028\\ufeff\\u0007\\ufffd.go:10)');
    expect(main.split("\n")[3]).toBe("package main");
  });

  it("refuses a function name that is not a Go identifier", () => {
    expect(() => generateHttpServer({ ...targetOf("x", "Handler"), name: "Handler)\n\tos.Exit(1" }, "handler-func")).toThrow(
      /is not a Go identifier/,
    );
  });
});

describe("generated server, compiled by the real go toolchain", () => {
  // Each case runs go vet and go build: seconds each, more with a cold build cache.
  jest.setTimeout(120_000);
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map(removeDir)));

  async function build(fixture: string, name: string, shape: HttpShape, env: NodeJS.ProcessEnv = {}, position?: string): Promise<string> {
    const app = await copyFixture(FIXTURES, fixture);
    dirs.push(app);
    await writeGeneratedPackage(app, generateHttpServer(targetOf(fixture, name, position), shape));
    expect(await gofmtUnformatted(app, "fnpacks-generated")).toBe("");
    await go(app, ["vet", "./fnpacks-generated/server", "./fnpacks-generated/fnruntime"], env);
    await go(app, ["build", "-o", "server.bin", "./fnpacks-generated/server"], env);
    return join(app, "server.bin");
  }

  it.each(cases)("$shape: gofmt-clean, vet-clean, serves the user's response", async ({ shape, name, path, response }) => {
    const server = await startServer(await build(shape, name, shape));
    try {
      const res = await fetch(server.url + path);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(response);
      expect(server.logs.join("\n")).toContain(`"function":"${name}"`);
    } finally {
      server.process.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("builds a vendored app offline", async () => {
    const binary = await build("vendored", "Handler", "handler-func", { GOFLAGS: "-mod=vendor", GOPROXY: "off" });
    const server = await startServer(binary);
    try {
      expect(await (await fetch(`${server.url}/?name=go`)).text()).toBe("vendored hello, go");
    } finally {
      server.process.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("a nil handler variable stops the server with a message naming it", async () => {
    const binary = await build("nil-handler-var", "Handler", "handler-var");
    await expect(startServer(binary)).rejects.toThrow(
      /exited \(1\)[\s\S]*example\.com\/fixtures\/nil-handler-var\.Handler \(function\.go:10\) is nil/,
    );
  });

  it("builds and serves a function whose position holds a newline, a */ and other control characters", async () => {
    const server = await startServer(await build("handler-func", "Handler", "handler-func", {}, HOSTILE));
    try {
      expect(await (await fetch(`${server.url}/hello`)).text()).toBe("handler-func GET /hello");
    } finally {
      server.process.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
    // The position reaches the nil-handler message as the text it is.
    const nilHandler = await build("nil-handler-var", "Handler", "handler-var", {}, HOSTILE);
    await expect(startServer(nilHandler)).rejects.toThrow(`(${HOSTILE.replace("\ud800", "\ufffd")}) is nil`);
  });
});
