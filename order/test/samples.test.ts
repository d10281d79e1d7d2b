import { join } from "node:path";
import { buildApp } from "@fnpacks/devkit";

// Every sample, built through the real lifecycle with the composite order (devkit leaves out
// the Paketo members that need the network: see its printed notes and packages/devkit/README.md),
// started through the launcher, and asked what its README says it answers.
jest.setTimeout(15 * 60_000);

const samples = join(__dirname, "..", "..", "samples", "go");
const event = (id: string): RequestInit => ({
  method: "POST",
  headers: { "ce-specversion": "1.0", "ce-id": id, "ce-source": "samples/test", "ce-type": "example.sample", "content-type": "text/plain" },
  body: "hello event",
});

const cases: Array<[string, string, RequestInit, (response: Response) => Promise<void>]> = [
  ["http-hello", "/?name=Gopher", {}, async (r) => expect(await r.text()).toBe("Hello, Gopher!\n")],
  ["http-router", "/hello/gopher", {}, async (r) => expect(await r.json()).toEqual({ greeting: "Hello, gopher!" })],
  ["http-knative", "/", { method: "POST", body: "hi" }, async (r) => expect(await r.text()).toBe("received 2 bytes: hi\n")],
  ["http-vendored", "/?name=Ada", {}, async (r) => expect(await r.text()).toBe("Greetings, Ada!\n")],
  [
    "cloudevents-echo",
    "/",
    event("sample-1"),
    async (r) => {
      expect(r.headers.get("ce-id")).toBe("echo-sample-1");
      expect(r.headers.get("ce-type")).toBe("example.sample.echo");
      expect(await r.text()).toBe("hello event");
    },
  ],
  ["cloudevents-sink", "/", event("sample-2"), async (r) => expect(r.status).toBe(200)],
];

it.each(cases)("samples/go/%s builds with the composite order and answers %s", async (sample, path, request, check) => {
  const app = await buildApp({ appDir: join(samples, sample) });
  try {
    const running = await app.start({ env: { FNPACKS_DRAIN_DELAY: "0s" } });
    try {
      await running.waitForHttp("/.fnpacks/ready");
      const response = await fetch(running.url + path, request);
      expect(response.status).toBe(200);
      await check(response);
    } finally {
      expect(await running.stop()).toBe(0);
    }
  } finally {
    await app.remove();
  }
});
