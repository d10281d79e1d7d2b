import { EVERY_FUNCTION, type FunctionSignature } from "@fnpacks/go-function";
import { MCP_ADAPTER_IMPORTS, MCP_EXPORTS, MCP_MODULE, MCP_PACKAGE, MCP_SPECS, type McpShape } from "./specs";
import { vetTool } from "./vet";

/**
 * fnpacks/go-mcp-tools: every exported function of the MCP Go SDK's typed tool-handler shape
 * is a tool of one MCP server (the README's detection table). Several are no ambiguity: all are
 * served (EVERY_FUNCTION), and BP_FUNCTION_NAME may name a comma-separated subset.
 */
export const mcpTools: FunctionSignature<McpShape> = {
  planName: "fnpacks-go-mcp-tools",
  kind: "MCP tool",
  specs: MCP_SPECS,
  importFacts: { exports: { [MCP_PACKAGE]: MCP_EXPORTS } },
  requiredModules: [MCP_MODULE],
  selection: EVERY_FUNCTION,
  // Near misses are refused with why, tools whose name or input the SDK cannot use too; a
  // tool's description (its doc comment) goes on to generate.
  vet: vetTool,
  adapterImports: MCP_ADAPTER_IMPORTS,
  generate(chosen) {
    const { generateMcpServer, toolShape } = generator();
    for (const { shape, target } of chosen) toolShape(shape, target.name);
    return generateMcpServer(chosen.map(({ target, details }) => ({ target, ...(details?.description ? { description: details.description } : {}) })));
  },
};

/** The generator, and go-codegen with it, loaded by build only: evaluating them would cost every detect. */
function generator(): typeof import("./generate") {
  return require("./generate");
}
