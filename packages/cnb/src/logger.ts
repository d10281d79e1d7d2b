/**
 * Logging in the Paketo style: a title line naming the buildpack, then indented process,
 * subprocess and action lines, so output from several buildpacks reads as one build log.
 */
export interface Logger {
  title(text: string): void;
  process(text: string): void;
  subprocess(text: string): void;
  action(text: string): void;
  detail(text: string): void;
  debug(text: string): void;
  warn(text: string): void;
  break(): void;
  /** Runs `step`, then logs how long it took as an action line. */
  timed<T>(step: () => Promise<T>): Promise<T>;
  readonly debugEnabled: boolean;
}

export interface LoggerOptions {
  write?: (text: string) => void;
  debug?: boolean;
  now?: () => number;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const debugEnabled = options.debug ?? false;
  const now = options.now ?? (() => performance.now());
  const line = (indent: number, text: string) => {
    const pad = " ".repeat(indent);
    write(`${text.split("\n").map((part) => (part ? pad + part : part)).join("\n")}\n`);
  };

  return {
    debugEnabled,
    title: (text) => line(0, text),
    process: (text) => line(2, text),
    subprocess: (text) => line(4, text),
    action: (text) => line(6, text),
    detail: (text) => line(8, text),
    debug: (text) => {
      if (debugEnabled) line(4, `[debug] ${text}`);
    },
    warn: (text) => line(2, `Warning: ${text}`),
    break: () => write("\n"),
    async timed(step) {
      const start = now();
      const result = await step();
      line(6, `Completed in ${formatDuration(now() - start)}`);
      return result;
    },
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 3 : 1)}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m${Math.round(seconds - minutes * 60)}s`;
}
