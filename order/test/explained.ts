import { buildApp, DevkitError } from "@fnpacks/devkit";

/**
 * A build that must fail at the explainer, through the real lifecycle: the group detection
 * picked (ids without versions) and the lifecycle's output.
 */
export async function explainedBuild(appDir: string, env: Record<string, string> = {}): Promise<{ group: string[]; output: string }> {
  const lines: string[] = [];
  const error = await buildApp({ appDir, env, log: (line) => lines.push(line) }).then(
    async (built) => {
      await built.remove();
      throw new Error(`${appDir} built: ${built.buildOutput}`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DevkitError);
  expect((error as DevkitError).message).toBe("the lifecycle builder failed with exit code 51: a buildpack's bin/build failed");
  const picked = lines.find((line) => line.startsWith("devkit: detection picked "))?.slice("devkit: detection picked ".length) ?? "";
  return { group: picked.split(", ").map((entry) => entry.replace(/@[^@]+$/, "")), output: (error as DevkitError).output };
}
