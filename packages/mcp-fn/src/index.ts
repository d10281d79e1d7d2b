/** The registry's name for it: every signature package exports `signature` (see devkit's signatures.ts). */
export { mcpTools as signature, mcpTools } from "./signature";
export { generateMcpServer, MCP_MAX_BODY_MIB, MCP_PATH, SERVER_VERSION_VAR, type ToolTarget } from "./generate";
export { MCP_ADAPTER_IMPORTS, MCP_MODULE, MCP_PACKAGE, MCP_SPECS, type McpShape, NEAR_MISSES, TOOL } from "./specs";
export { inputProblem, vetTool } from "./vet";
