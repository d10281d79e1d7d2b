import { Agent, request } from "node:http";
import { connect as connectHttp2 } from "node:http2";
import { createServer, Socket } from "node:net";
import { join } from "node:path";
import { writeGeneratedPackage } from "../src";
import { copyFixture, go, removeDir, type RunningServer, startServer } from "../src/testing";
import { testServer } from "./adapter";

const FIXTURES = join(__dirname, "fixtures");

// The compiled server as a real process: what the platform sees.
jest.setTimeout(60_000);

let app: string;
let binary: string;
const running: RunningServer[] = [];

beforeAll(async () => {
  app = await copyFixture(FIXTURES, "behaviour");
  const modulePath = "example.com/fixtures/behaviour";
  await writeGeneratedPackage(app, testServer({ modulePath, importPath: modulePath, name: "Handler", position: "function.go:11" }));
  binary = join(app, "server.bin");
  await go(app, ["build", "-o", binary, "./fnpacks-generated/server"]);
}, 120_000);

afterEach(() => {
  for (const server of running.splice(0)) server.process.kill("SIGKILL");
});
afterAll(() => removeDir(app));

async function serve(env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const server = await startServer(binary, env);
  running.push(server);
  return server;
}

async function status(url: string): Promise<number> {
  return (await fetch(url)).status;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

it("listens on PORT", async () => {
  const port = await freePort();
  const server = await serve({ PORT: String(port) });
  expect(server.url).toBe(`http://127.0.0.1:${port}`);
  expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe("hello over HTTP/1.1");
});

it("serves h2c with prior knowledge", async () => {
  const server = await serve();
  const session = connectHttp2(server.url);
  try {
    const body = await new Promise<string>((resolve, reject) => {
      const req = session.request({ ":path": "/" });
      let data = "";
      req.setEncoding("utf8").on("data", (chunk: string) => (data += chunk));
      req.on("end", () => resolve(data)).on("error", reject);
    });
    expect(body).toBe("hello over HTTP/2.0");
  } finally {
    session.close();
  }
});

it("drains on SIGTERM: readiness fails at once, new and in-flight requests succeed, exits 0 in time", async () => {
  const server = await serve({ FNPACKS_DRAIN_DELAY: "1s" });
  const ready = `${server.url}/.fnpacks/ready`;
  expect(await status(ready)).toBe(200);
  const inFlight = fetch(`${server.url}/slow?ms=2000`).then(async (r) => `${r.status} ${await r.text()}`);
  await new Promise((r) => setTimeout(r, 200));
  const signalled = Date.now();
  server.process.kill("SIGTERM");
  await until(async () => (await status(ready)) === 503, 500);
  expect(await status(`${server.url}/during-drain`)).toBe(200);
  expect(await inFlight).toBe("200 slept 2000ms");
  expect(await server.exited).toBe(0);
  // drain (1 s) overlaps the in-flight request (2 s): well inside drain + in-flight + 1 s.
  expect(Date.now() - signalled).toBeLessThan(1000 + 2000 + 1000);
});

it("fails no request under steady concurrent load while shutting down", async () => {
  const server = await serve({ FNPACKS_DRAIN_DELAY: "1s" });
  const ready = `${server.url}/.fnpacks/ready`;
  // Clients behave like a load balancer's backends list: they stop sending new requests once
  // readiness has failed, which the drain delay gives them time to notice.
  let routing = true;
  // Stop the clients if the server dies, rather than spin on refused connections.
  void server.exited.then(() => {
    routing = false;
  });
  let sent = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (routing) {
      sent++;
      try {
        const response = await fetch(`${server.url}/slow?ms=20`);
        await response.text();
        if (response.status !== 200) failures.push(`status ${response.status}`);
      } catch (e) {
        failures.push(String((e as Error).cause ?? e));
      }
    }
  };
  const workers = Array.from({ length: 8 }, worker);
  await new Promise((r) => setTimeout(r, 300));
  server.process.kill("SIGTERM");
  await until(async () => (await status(ready)) === 503, 500);
  routing = false;
  await Promise.all(workers);
  expect(await server.exited).toBe(0);
  expect(failures).toEqual([]);
  expect(sent).toBeGreaterThan(50);
});

/** Resolves as promise does, or rejects once a generous bound has passed. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms}ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// The drain delay outlasts these tests: what they check must happen while draining, not at the
// shutdown that follows (which closes connections anyway). A second signal ends the server.
it("loses no POST on keep-alive connections opened before SIGTERM: draining responses close them", async () => {
  const server = await serve({ FNPACKS_DRAIN_DELAY: "60s" });
  // Like a proxy that has not noticed readiness yet: each client keeps sending on the
  // connection it has until a response closes it, and opens no new one after SIGTERM.
  interface Outcome {
    sent: number;
    failures: string[];
    newConnections: number;
    closedByServer: boolean;
  }
  let stop = false;
  const client = async (): Promise<Outcome> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const outcome: Outcome = { sent: 0, failures: [], newConnections: 0, closedByServer: false };
    try {
      while (!stop && !outcome.closedByServer && outcome.failures.length === 0) {
        outcome.sent++;
        await new Promise<void>((resolve) => {
          const req = request(`${server.url}/slow?ms=5`, { method: "POST", agent, headers: { "content-type": "text/plain" } });
          req.on("response", (res) => {
            res.resume().on("end", () => {
              if (res.statusCode !== 200) outcome.failures.push(`status ${res.statusCode}`);
              outcome.closedByServer = res.headers.connection === "close";
              resolve();
            });
          });
          req.on("error", (error) => {
            outcome.failures.push(String(error));
            resolve();
          });
          if (outcome.sent > 1 && !req.reusedSocket) outcome.newConnections++;
          req.end("an event");
        });
      }
    } finally {
      agent.destroy();
    }
    return outcome;
  };
  const clients = Array.from({ length: 16 }, client);
  await new Promise((r) => setTimeout(r, 300));
  server.process.kill("SIGTERM");
  try {
    const outcomes = await within(Promise.all(clients), 10_000, "every connection closed by a draining response");
    expect(outcomes.flatMap((o) => o.failures)).toEqual([]);
    expect(outcomes.every((o) => o.closedByServer)).toBe(true);
    expect(outcomes.reduce((n, o) => n + o.newConnections, 0)).toBe(0);
    expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBeGreaterThan(100);
  } finally {
    stop = true;
  }
  server.process.kill("SIGTERM");
  expect(await server.exited).toBe(1);
});

it("ends h2c sessions opened before SIGTERM with a graceful GOAWAY while draining, serving their requests", async () => {
  const server = await serve({ FNPACKS_DRAIN_DELAY: "60s" });
  const session = connectHttp2(server.url);
  const goAway = new Promise<number>((resolve) => session.on("goaway", (code: number) => resolve(code)));
  const closed = new Promise<void>((resolve) => session.on("close", () => resolve()));
  session.on("error", () => {});
  const get = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const req = session.request({ ":path": path });
      let data = "";
      req.on("response", (headers) => (data += `${headers[":status"]} `));
      req.setEncoding("utf8").on("data", (chunk: string) => (data += chunk));
      req.on("end", () => resolve(data)).on("error", reject);
    });
  expect(await get("/before")).toBe("200 hello over HTTP/2.0");
  server.process.kill("SIGTERM");
  await until(async () => (await status(`${server.url}/.fnpacks/ready`)) === 503, 1000);
  expect(await get("/during")).toBe("200 hello over HTTP/2.0");
  expect(await within(goAway, 10_000, "a GOAWAY while draining")).toBe(0); // NO_ERROR: graceful
  await within(closed, 10_000, "the session closed after its GOAWAY");
  server.process.kill("SIGTERM");
  expect(await server.exited).toBe(1);
});

it("exits at once on a second SIGTERM", async () => {
  const server = await serve({ FNPACKS_DRAIN_DELAY: "20s" });
  server.process.kill("SIGTERM");
  await until(async () => (await status(`${server.url}/.fnpacks/ready`)) === 503, 500);
  const second = Date.now();
  server.process.kill("SIGTERM");
  expect(await server.exited).toBe(1);
  expect(Date.now() - second).toBeLessThan(1000);
});

it("answers a panic with 500 and keeps serving", async () => {
  const server = await serve();
  expect(await status(`${server.url}/panic`)).toBe(500);
  expect(await status(`${server.url}/after`)).toBe(200);
  expect(server.logs.join("\n")).toMatch(/"msg":"function panicked".*"panic":"the function panicked".*function\.go/);
});

it("cuts off a slowloris client after the read header timeout", async () => {
  const server = await serve({ FNPACKS_READ_HEADER_TIMEOUT: "500ms" });
  const { port } = new URL(server.url);
  const socket = new Socket();
  const closed = new Promise<number>((resolve) => socket.on("close", () => resolve(Date.now())));
  socket.connect(Number(port), "127.0.0.1", () => socket.write("GET / HTTP/1.1\r\nHost: x\r\n"));
  const opened = Date.now();
  socket.on("error", () => {});
  const elapsed = (await closed) - opened;
  expect(elapsed).toBeGreaterThanOrEqual(400);
  expect(elapsed).toBeLessThan(3000);
});
