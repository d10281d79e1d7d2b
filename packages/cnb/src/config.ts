/**
 * Build-time configuration from BP_* variables. With clear-env = false (the default) the
 * lifecycle puts the platform's `<platform>/env/` files into our environment, so reading the
 * environment is enough.
 */
export interface Config {
  /** BP_LOG_LEVEL=DEBUG (any case) turns on debug lines and stack traces. */
  readonly debug: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv): Config {
  return {
    debug: (env.BP_LOG_LEVEL ?? "").trim().toUpperCase() === "DEBUG",
  };
}
