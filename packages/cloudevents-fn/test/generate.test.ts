import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeGeneratedPackage } from "@fnpacks/go-codegen";
import {
  copyFixture,
  go,
  gofmtUnformatted,
  peakRssMiB,
  removeDir,
  type RunningServer,
  startServer,
  streamPost,
  waitForLog,
} from "@fnpacks/go-codegen/testing";
import { CLOUDEVENTS_MAX_BODY_MIB, generateCloudEventsServer } from "../src/generate";
import { CLOUDEVENTS_ADAPTER_IMPORTS } from "../src/specs";
import { CLOUDEVENTS_MODULE, CLOUDEVENTS_SPECS, type CloudEventsShape } from "../src/specs";

const FIXTURES = join(__dirname, "fixtures");

// Real sdk-go v2 from the Go module proxy, real processes, real CloudEvents over HTTP.
jest.setTimeout(180_000);

const modulePath = "example.com/fixtures/cloudevents";
const dirs: string[] = [];
const running: RunningServer[] = [];
afterEach(() => {
  for (const server of running.splice(0)) server.process.kill("SIGKILL");
});
afterAll(() => Promise.all(dirs.map(removeDir)));

function generate(pkg: string, name: string, shape: CloudEventsShape) {
  return generateCloudEventsServer({ modulePath, importPath: `${modulePath}/${pkg}`, name, position: `${pkg}/${pkg}.go:10` }, shape);
}

async function build(pkg: string, name: string, shape: CloudEventsShape): Promise<string> {
  const app = await copyFixture(FIXTURES, "generate");
  dirs.push(app);
  await writeGeneratedPackage(app, generate(pkg, name, shape));
  expect(await gofmtUnformatted(app, "fnpacks-generated")).toBe("");
  await go(app, ["vet", "./fnpacks-generated/server"]);
  await go(app, ["build", "-o", "server.bin", "./fnpacks-generated/server"]);
  return join(app, "server.bin");
}

async function serve(pkg: string, name: string, shape: CloudEventsShape, env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const server = await startServer(await build(pkg, name, shape), env);
  running.push(server);
  return server;
}

let sequence = 0;
interface SentEvent {
  id: string;
  type: string;
  data: string;
}

/** Binary content mode: attributes in ce- headers, data as the body. */
function sendBinary(url: string, type: string, data = '{"n":1}'): Promise<[Response, SentEvent]> {
  const id = `evt-${++sequence}`;
  const sent = fetch(url, {
    method: "POST",
    headers: { "ce-specversion": "1.0", "ce-id": id, "ce-source": "tests/binary", "ce-type": type, "content-type": "application/json" },
    body: data,
  });
  return sent.then((r) => [r, { id, type, data }]);
}

/** Structured content mode: the whole event as one JSON document. */
function sendStructured(url: string, type: string, data: unknown = { n: 2 }): Promise<[Response, SentEvent]> {
  const id = `evt-${++sequence}`;
  const event = { specversion: "1.0", id, source: "tests/structured", type, datacontenttype: "application/json", data };
  const sent = fetch(url, { method: "POST", headers: { "content-type": "application/cloudevents+json" }, body: JSON.stringify(event) });
  return sent.then((r) => [r, { id, type, data: JSON.stringify(data) }]);
}

it("knows all 16 receiver shapes", () => {
  const shapes = CLOUDEVENTS_SPECS.map((spec) => spec.id);
  expect(shapes).toHaveLength(16);
  expect(new Set(shapes).size).toBe(16);
  // …each a different list of types: 4 inputs × 4 outputs.
  expect(new Set(CLOUDEVENTS_SPECS.map((spec) => JSON.stringify(spec.kind === "func" && [spec.params, spec.results]))).size).toBe(16);
  expect(() => generate("sink", "Receive", "func(E, ctx)" as CloudEventsShape)).toThrow(/unknown CloudEvents receiver shape/);
});

it("generates the adapter (golden)", async () => {
  const golden = join(__dirname, "golden", "cloudevents.go.txt");
  const main = generate("ctxreply", "Echo", "func(ctx, E) (*E, R)").files.find((f) => f.path.endsWith("/main.go"))?.content;
  if (process.env.UPDATE_GOLDEN) await writeFile(golden, main ?? "");
  expect(main).toBe(await readFile(golden, "utf8"));
});

it("declares every sdk-go package the adapter imports, for build's module check", () => {
  const main = generate("sink", "Receive", "func(E)").files.find((f) => f.path.endsWith("/main.go"))?.content ?? "";
  const sdkImports = [...main.matchAll(/^\t(?:\w+ )?"([^"]+)"$/gm)].map((m) => m[1] as string).filter((path) => path.startsWith(`${CLOUDEVENTS_MODULE}/`));
  expect(sdkImports.sort()).toEqual([...CLOUDEVENTS_ADAPTER_IMPORTS].sort());
});

it("func(E): sees binary and structured events' id, source, type and data", async () => {
  const server = await serve("sink", "Receive", "func(E)");
  const [binary, b] = await sendBinary(server.url, "example.binary");
  const [structured, s] = await sendStructured(server.url, "example.structured");
  expect([binary.status, structured.status]).toEqual([200, 200]);
  await waitForLog(server, `saw id=${b.id} source=tests/binary type=example.binary data={"n":1}`);
  await waitForLog(server, `saw id=${s.id} source=tests/structured type=example.structured data={"n":2}`);
});

it("func(ctx, E) error: an error is a 500 naming it, logged at warn with the event; a panic is a 500 too, and serving goes on", async () => {
  const server = await serve("ctxerror", "Receive", "func(ctx, E) R");
  expect((await sendBinary(server.url, "example.ok"))[0].status).toBe(200);
  const [failure, failed] = await sendBinary(server.url, "example.fail");
  expect([failure.status, await failure.text()]).toEqual([500, "Receive returned an error: asked to fail"]);
  const warning = JSON.parse(await server.waitForLog('"msg":"the function returned an error"'));
  expect(warning).toMatchObject({ level: "WARN", function: "Receive", error: "asked to fail", event_id: failed.id, event_type: "example.fail" });
  expect((await sendStructured(server.url, "example.panic"))[0].status).toBe(500);
  const [after, sent] = await sendStructured(server.url, "example.ok");
  expect(after.status).toBe(200);
  await waitForLog(server, `saw id=${sent.id} type=example.ok`);
});

it("func(ctx, E) (*E, error): the reply event is the HTTP response, in binary mode", async () => {
  const server = await serve("ctxreply", "Echo", "func(ctx, E) (*E, R)");
  for (const send of [sendBinary, sendStructured]) {
    const [response, sent] = await send(server.url, "example.echo");
    expect(response.status).toBe(200);
    expect(response.headers.get("ce-id")).toBe(`reply-${sent.id}`);
    expect(response.headers.get("ce-type")).toBe("example.echo.reply");
    expect(response.headers.get("ce-source")).toBe("example/echo");
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.text()).toBe(sent.data);
  }
});

it("func(E) *E: replies with a new event", async () => {
  const server = await serve("reply", "Reply", "func(E) *E");
  const [response, sent] = await sendBinary(server.url, "example.ask");
  expect(response.headers.get("ce-id")).toBe(`r-${sent.id}`);
  expect(response.headers.get("ce-type")).toBe("example.reply");
  expect(await response.text()).toBe(`got ${sent.id}`);
});

it("func(E) protocol.Result: the result's status code is the response's", async () => {
  const server = await serve("result", "Receive", "func(E) R");
  expect((await sendBinary(server.url, "example.take"))[0].status).toBe(202);
  expect((await sendStructured(server.url, "example.reject"))[0].status).toBe(422);
});

it("func() R: a receiver that takes nothing still runs per event", async () => {
  const server = await serve("zero", "Tick", "func() R");
  expect((await sendBinary(server.url, "example.tick"))[0].status).toBe(200);
  await waitForLog(server, "tick");
});

it("answers non-event requests the sdk's way and probes the runtime's way", async () => {
  const server = await serve("sink", "Receive", "func(E)");
  expect((await fetch(server.url)).status).toBe(405);
  expect((await fetch(`${server.url}/.fnpacks/ready`)).status).toBe(200);
  expect((await fetch(server.url, { headers: { "user-agent": "kube-probe/1.31" } })).status).toBe(200);
  // Not a CloudEvent in either mode: the sdk answers 415 Unsupported Media Type.
  expect((await fetch(server.url, { method: "POST", body: "not an event" })).status).toBe(415);
});

it("answers 400 to an event that cannot be decoded and 415 to a content type without one", async () => {
  const server = await serve("sink", "Receive", "func(E)");
  const post = async (headers: Record<string, string>, body: string) => {
    const response = await fetch(server.url, { method: "POST", headers, body });
    return `${response.status} ${await response.text()}`;
  };
  const structured = { "content-type": "application/cloudevents+json" };
  const attributes = '"specversion":"1.0","id":"x","source":"tests/bad","type":"example.bad"';
  const binary = { "ce-specversion": "1.0", "ce-id": "x", "ce-source": "tests/bad", "ce-type": "example.bad", "content-type": "text/plain" };
  // sdk-go alone answers 500 to all three, as if the function had failed.
  expect(await post(structured, `{${attributes},"data":`)).toMatch(/^400 cannot decode the CloudEvent: /);
  expect(await post(structured, `{${attributes},"time":"yesterday"}`)).toMatch(/^400 cannot decode the CloudEvent: /);
  expect(await post({ ...binary, "ce-time": "yesterday" }, "x")).toMatch(/^400 cannot decode the CloudEvent: /);
  // A decodable event that is not valid keeps the sdk's 400.
  expect(await post({ ...binary, "ce-id": "" }, "x")).toMatch(/^400 /);
  // No single event in this content type: 415, naming it and what to send.
  expect(await post({ "content-type": "text/plain" }, "not an event")).toMatch(/^415 unsupported content type "text\/plain": send one CloudEvent/);
  expect(await post({ "content-type": "application/cloudevents+xml" }, "<event/>")).toMatch(/^415 unsupported content type/);
  expect(await post({ "content-type": "application/cloudevents-batch+json" }, `[{${attributes}}]`)).toMatch(/^415 unsupported content type/);
  // None of it reached the function, and the server still takes events.
  const [response, sent] = await sendStructured(server.url, "example.after");
  expect(response.status).toBe(200);
  await waitForLog(server, `saw id=${sent.id}`);
  expect(server.logs.join("\n")).not.toContain("source=tests/bad");
});

it("a receiver's own error keeps its status; a 400 is only for what the sdk could not decode", async () => {
  const server = await serve("result", "Receive", "func(E) R");
  expect((await sendStructured(server.url, "example.reject"))[0].status).toBe(422);
  const server2 = await serve("ctxerror", "Receive", "func(ctx, E) R");
  expect((await sendStructured(server2.url, "example.fail"))[0].status).toBe(500);
});

describe("request body limit", () => {
  const limit = CLOUDEVENTS_MAX_BODY_MIB * 1024 * 1024;
  const event = {
    prefix: '{"specversion":"1.0","id":"big","source":"tests/big","type":"example.big","datacontenttype":"text/plain","data":"',
    suffix: '"}',
    headers: { "content-type": "application/cloudevents+json" },
  };

  it(`is ${CLOUDEVENTS_MAX_BODY_MIB} MiB by default: 413 past it, declared or streamed, in either mode`, async () => {
    const server = await serve("sink", "Receive", "func(E)");
    const tooLarge = new RegExp(`^413 request body too large: this server accepts at most ${CLOUDEVENTS_MAX_BODY_MIB}MiB .*FNPACKS_MAX_BODY_BYTES`);
    const declared = await streamPost(server.url, { ...event, size: limit + 1, declareLength: true });
    expect(`${declared.status} ${declared.body}`).toMatch(tooLarge);
    expect(declared.sent).toBeLessThan(limit); // refused before the body was read
    const streamed = await streamPost(server.url, { ...event, size: limit + 1 });
    expect(`${streamed.status} ${streamed.body}`).toMatch(tooLarge);
    const binaryHeaders = { "ce-specversion": "1.0", "ce-id": "big", "ce-source": "tests/big", "ce-type": "example.big", "content-type": "text/plain" };
    const binary = await streamPost(server.url, { size: limit + 1, headers: binaryHeaders });
    expect(`${binary.status} ${binary.body}`).toMatch(tooLarge);
    // At the limit, the event goes through.
    const atLimit = await streamPost(server.url, { ...event, size: limit });
    expect(atLimit.status).toBe(200);
    await waitForLog(server, "saw id=big source=tests/big");
  });

  it("keeps memory bounded under 3 concurrent 256 MiB events, streamed chunked", async () => {
    // Unlimited, one 1 GiB event cost sdk-go 4.2 GB; three, 10.7 GB.
    const server = await serve("sink", "Receive", "func(E)");
    const size = 256 * 1024 * 1024;
    const answers = await Promise.all([1, 2, 3].map(() => streamPost(server.url, { ...event, size })));
    expect(answers.map((a) => a.status)).toEqual([413, 413, 413]);
    expect(peakRssMiB(server.process.pid ?? 0)).toBeLessThanOrEqual(300);
    expect((await sendBinary(server.url, "example.after"))[0].status).toBe(200);
  });

  it("is documented as the CloudEvents default in both READMEs", async () => {
    for (const readme of [join(__dirname, "..", "..", "go-codegen", "README.md"), join(__dirname, "..", "..", "..", "README.md")]) {
      const row = (await readFile(readme, "utf8")).split("\n").find((line) => line.startsWith("| `FNPACKS_MAX_BODY_BYTES`"));
      expect(row).toContain(`\`${CLOUDEVENTS_MAX_BODY_MIB}MiB\` for CloudEvents`);
    }
  });

  it("FNPACKS_MAX_BODY_BYTES sets it", async () => {
    const server = await serve("sink", "Receive", "func(E)", { FNPACKS_MAX_BODY_BYTES: "1KiB" });
    const [small] = await sendStructured(server.url, "example.small");
    expect(small.status).toBe(200);
    const [large] = await sendStructured(server.url, "example.large", "x".repeat(2048));
    expect(large.status).toBe(413);
  });
});

it("answers every event under sustained concurrent load", async () => {
  // sdk-go's client.NewHTTPReceiveHandler stops answering under this load (requests and the
  // goroutines taking their messages get crossed); the adapter must not.
  const server = await serve("reply", "Reply", "func(E) *E");
  const until = Date.now() + 1500;
  const failures: string[] = [];
  let answered = 0;
  const worker = async () => {
    while (Date.now() < until) {
      const id = `load-${++sequence}`;
      try {
        const response = await fetch(server.url, {
          method: "POST",
          headers: { "ce-specversion": "1.0", "ce-id": id, "ce-source": "tests/load", "ce-type": "example.load", "content-type": "text/plain" },
          body: "x",
          signal: AbortSignal.timeout(5000),
        });
        if (response.headers.get("ce-id") !== `r-${id}`) failures.push(`${id}: ${response.status} ${response.headers.get("ce-id")}`);
        await response.text();
        answered++;
      } catch (error) {
        failures.push(`${id}: ${String((error as Error).cause ?? error)}`);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  expect(failures).toEqual([]);
  expect(answered).toBeGreaterThan(100);
});

it("drains like every fnpacks server: readiness flips, the in-flight event completes, none lost under load", async () => {
  const server = await serve("ctxerror", "Receive", "func(ctx, E) R", { FNPACKS_DRAIN_DELAY: "1s" });
  const ready = `${server.url}/.fnpacks/ready`;
  const slow = sendBinary(server.url, "example.slow");
  let routing = true;
  // Stop the clients if the server dies, rather than spin on refused connections.
  void server.exited.then(() => {
    routing = false;
  });
  const outcomes: string[] = [];
  const worker = async () => {
    while (routing) {
      try {
        const [response, sent] = await sendBinary(server.url, "example.ok");
        outcomes.push(response.status === 200 ? sent.id : `status ${response.status}`);
      } catch (error) {
        outcomes.push(`failed: ${String((error as Error).cause ?? error)}`);
      }
    }
  };
  const workers = Array.from({ length: 6 }, worker);
  await new Promise((r) => setTimeout(r, 300));
  server.process.kill("SIGTERM");
  while ((await fetch(ready)).status !== 503) await new Promise((r) => setTimeout(r, 10));
  routing = false;
  await Promise.all(workers);
  const [slowResponse, slowEvent] = await slow;
  expect(slowResponse.status).toBe(200);
  expect(await server.exited).toBe(0);
  expect(outcomes.filter((o) => !o.startsWith("evt-"))).toEqual([]);
  const logs = server.logs.join("\n");
  expect(logs).toContain(`saw id=${slowEvent.id} type=example.slow`);
  for (const id of outcomes) expect(logs).toContain(`saw id=${id} type=example.ok`);
});
