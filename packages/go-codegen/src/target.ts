/** The user's function, as detection found it. */
export interface FunctionTarget {
  /** The user's module path (go.mod `module`): generated imports hang off it. */
  modulePath: string;
  /** Import path of the package that holds the function. */
  importPath: string;
  /**
   * The Go func or var the server calls (or the constructor, for an instance): exported, or an
   * unexported func the generated main links to (see linked.ts).
   */
  name: string;
  /** file:line, for the generated comment and the startup log. */
  position: string;
  /** Set when `name` is a constructor whose instance serves (see InstanceTarget). */
  instance?: InstanceTarget;
  /** Set when the function was registered in init() under a name: the server reports that name. */
  registered?: RegisteredTarget;
}

/** A registration such as the Functions Framework's `functions.HTTP("HelloHTTP", helloHTTP)`. */
export interface RegisteredTarget {
  /** The registered name, any string. */
  name: string;
  /** The call as written, e.g. "functions.HTTP", for the generated comment. */
  call: string;
}

/** The lifecycle methods an instanced function may have (knative-extensions/func-go's contract). */
export const LIFECYCLE_METHODS = ["Start", "Stop", "Ready", "Alive"] as const;
export type LifecycleMethod = (typeof LIFECYCLE_METHODS)[number];

/**
 * An instanced function: `name` is a constructor (`func New() *T`) whose value's Handle method
 * serves, and which may have lifecycle methods of func-go's shapes:
 *   Start(ctx context.Context, cfg map[string]string) error
 *   Stop(ctx context.Context) error
 *   Ready(ctx context.Context) (bool, error)
 *   Alive(ctx context.Context) (bool, error)
 */
export interface InstanceTarget {
  /** The lifecycle methods the instance has, with those shapes. */
  methods: readonly LifecycleMethod[];
}
