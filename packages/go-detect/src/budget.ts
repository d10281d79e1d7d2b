// How much one analysis may read and parse. Detect runs in every Go build through the
// composite order, so no input — megabytes of generated code, token soup, a huge package —
// may make it slow or large: past the budget the verdict is "too large to analyse", at once.

export interface AnalysisBudgetLimits {
  /** Go source bytes read across the package. */
  maxSourceBytes: number;
  /** Wall time for reading and parsing, checked between files and inside each parse. */
  maxMillis: number;
}

/**
 * Far above real packages (a package of 16 MB of generated protobuf code parses in about a
 * second here), far below what hurts: hostile input ends in seconds with bounded memory.
 */
export const DEFAULT_BUDGET: AnalysisBudgetLimits = { maxSourceBytes: 32 * 1024 * 1024, maxMillis: 8000 };

/** The analysis went past its budget; the message says which and how to get under it. */
export class BudgetExceeded extends Error {
  override name = "BudgetExceeded";
}

const MB = 1024 * 1024;

/** Counts one analysis against its limits. `now` is injectable so tests need no real clock. */
export class AnalysisBudget {
  private sourceBytes = 0;
  private readonly deadline: number;

  constructor(
    readonly limits: AnalysisBudgetLimits = DEFAULT_BUDGET,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = now() + limits.maxMillis;
  }

  /** Adds a file's bytes; throws BudgetExceeded past the source limit. */
  chargeSource(bytes: number, file: string): void {
    this.sourceBytes += bytes;
    if (this.sourceBytes > this.limits.maxSourceBytes) {
      throw new BudgetExceeded(
        `too large to analyse: the package's Go files exceed ${(this.limits.maxSourceBytes / MB).toFixed(0)} MB (at ${file}); move generated data files to another package`,
      );
    }
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
