// How much one analysis may read and parse. Detect runs in every Go build through the
// composite order, so no input — megabytes of generated code, token soup, a huge package —
// may make it slow or large: past the budget the verdict is "too large to analyse", at once.

export interface AnalysisBudgetLimits {
  /** Go source bytes read across the package. */
  maxSourceBytes: number;
  /** Go files go build would compile in the package. */
  maxFiles: number;
  /** Wall time for reading and parsing, checked between files and inside each parse. */
  maxMillis: number;
}

/**
 * Far above real packages (a package of 16 MB of generated protobuf code parses in about a
 * second here), far below what hurts: hostile input ends in seconds with bounded memory.
 */
export const DEFAULT_BUDGET: AnalysisBudgetLimits = { maxSourceBytes: 32 * 1024 * 1024, maxFiles: 5000, maxMillis: 8000 };

/** The analysis went past its budget; the message says which and how to get under it. */
export class BudgetExceeded extends Error {
  override name = "BudgetExceeded";
}

const MB = 1024 * 1024;

/** Counts one analysis against its limits. `now` is injectable so tests need no real clock. */
export class AnalysisBudget {
  private sourceBytes = 0;
  private files = 0;
  private firstOver: string | undefined;
  private readonly deadline: number;

  constructor(
    readonly limits: AnalysisBudgetLimits = DEFAULT_BUDGET,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + limits.maxMillis;
  }

  /**
   * Counts one more file of `bytes` bytes; false once the package is past its size limits.
   * Reading goes on past them (the package clauses may still say `package main`, a verdict
   * of its own), but nothing past them is kept or parsed: see throwIfOverSize.
   */
  chargeSource(bytes: number, file: string): boolean {
    this.sourceBytes += bytes;
    this.files++;
    const over = this.sourceBytes > this.limits.maxSourceBytes || this.files > this.limits.maxFiles;
    if (over && this.firstOver === undefined) this.firstOver = file;
    return !over;
  }

  /** Throws BudgetExceeded if chargeSource went past a size limit. */
  throwIfOverSize(): void {
    if (this.firstOver === undefined) return;
    const what =
      this.files > this.limits.maxFiles
        ? `more than ${this.limits.maxFiles} Go files`
        : `Go files of more than ${(this.limits.maxSourceBytes / MB).toFixed(0)} MB`;
    throw new BudgetExceeded(`too large to analyse: the package has ${what} (from ${this.firstOver} on); move generated data files to another package`);
  }

  /** True once the time is up; a parse in progress polls this and stops. */
  expired(): boolean {
    return this.now() > this.deadline;
  }

  /** Throws BudgetExceeded if the time is up; `file` is where the analysis had got to. */
  check(file: string): void {
    if (this.expired()) {
      throw new BudgetExceeded(
        `too large to analyse: reading the package took longer than ${(this.limits.maxMillis / 1000).toFixed(0)} s (at ${file}); is every .go file Go source? Move generated or non-Go files out of the package`,
      );
    }
  }
}
