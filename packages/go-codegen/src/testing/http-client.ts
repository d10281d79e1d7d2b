import { readFileSync } from "node:fs";
import { Agent, request } from "node:http";

export interface StreamedPost {
  /** Bytes of the body: prefix, then filler up to this size, then suffix. */
  size: number;
  prefix?: string;
  suffix?: string;
  headers?: Record<string, string>;
  /** Declare the size as Content-Length; otherwise the body goes chunked. */
  declareLength?: boolean;
}

export interface Answer {
  status: number;
  body: string;
  /** Bytes of the body written before the answer came (the server stops reading early). */
  sent: number;
}

const FILLER = Buffer.alloc(64 * 1024, "x");

/**
 * POSTs a large body streamed from one small reused buffer (so the test holds no copy of it),
 * with backpressure, and stops sending once the server answers. Resolves with the answer;
 * rejects only when none came.
 */
export function streamPost(url: string, post: StreamedPost): Promise<Answer> {
  const prefix = Buffer.from(post.prefix ?? "");
  const suffix = Buffer.from(post.suffix ?? "");
  const headers: Record<string, string> = { ...post.headers };
  if (post.declareLength) headers["content-length"] = String(post.size);
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    // A keep-alive agent of its own: without one, node asks for Connection: close, and net/http
    // then closes at once after refusing a declared length, without first lingering for the
    // client to read the 413 (which it does when it closes a keep-alive connection).
    const agent = new Agent({ keepAlive: true });
    const req = request(url, { method: "POST", headers, agent });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body, sent });
        req.destroy();
        agent.destroy();
      });
      res.on("error", reject);
    });
    // Writes fail once the server closes the connection after answering: expected.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const write = (chunk: Buffer): Promise<void> =>
      new Promise((done) => {
        sent += chunk.length;
        if (req.write(chunk)) done();
        else {
          const go = () => {
            req.off("close", go);
            req.off("drain", go);
            done();
          };
          req.once("drain", go).once("close", go);
        }
      });
    void (async () => {
      await write(prefix);
      let left = post.size - prefix.length - suffix.length;
      while (left > 0 && !answered && !req.destroyed) {
        const chunk = left >= FILLER.length ? FILLER : FILLER.subarray(0, left);
        await write(chunk);
        left -= chunk.length;
      }
      if (!answered && !req.destroyed) {
        await write(suffix);
        req.end();
      }
    })();
  });
}

/** Peak resident memory (VmHWM) of a running process, in MiB. */
export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
  if (!kib) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kib) / 1024;
}
