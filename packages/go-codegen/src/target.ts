/** The user's function, as detection found it. */
export interface FunctionTarget {
  /** The user's module path (go.mod `module`): generated imports hang off it. */
  modulePath: string;
  /** Import path of the package that holds the function. */
  importPath: string;
  /** The exported function or variable name. */
  name: string;
  /** file:line, for the generated comment and the startup log. */
  position: string;
  /** Set when `name` is a constructor whose instance serves (see InstanceTarget). */
  instance?: InstanceTarget;
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
