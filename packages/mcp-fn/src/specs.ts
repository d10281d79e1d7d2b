import { specList, type TypePattern } from "@fnpacks/go-detect";

/** The MCP Go SDK's module: the user's go.mod must require it. */
export const MCP_MODULE = "github.com/modelcontextprotocol/go-sdk";
/** Its package of servers, tools and transports. */
export const MCP_PACKAGE = `${MCP_MODULE}/mcp`;

const ctx: TypePattern = { importPath: "context", name: "Context" };
const request: TypePattern = { importPath: MCP_PACKAGE, name: "CallToolRequest", pointer: true };
const result: TypePattern = { importPath: MCP_PACKAGE, name: "CallToolResult", pointer: true };
const error: TypePattern = { importPath: "", name: "error" };

/** The one shape a tool has: mcp.ToolHandlerFor[In, Out], the SDK's typed tool handler (since v1.0.0). */
export const TOOL = "tool";

/**
 * What fnpacks/go-mcp-tools matches, in go-detect's terms: the typed tool handler, and after it
 * the near misses people write, matched only so that detect can say why they are no tools
 * (see NEAR_MISSES). The ids are what detect writes into the plan as each candidate's shape;
 * only TOOL ever gets there.
 */
export const MCP_SPECS = specList([
  /** func(ctx context.Context, req *mcp.CallToolRequest, in In) (*mcp.CallToolResult, Out, error) */
  { kind: "func", id: TOOL, params: [ctx, request, { any: "In" }], results: [result, { any: "Out" }, error] },
  { kind: "func", id: "request-by-value", params: [ctx, { ...request, pointer: false }, { any: "In" }], results: [result, { any: "Out" }, error] },
  { kind: "func", id: "no-context", params: [request, { any: "In" }], results: [result, { any: "Out" }, error] },
  { kind: "func", id: "untyped-handler", params: [ctx, request], results: [result, error] },
  { kind: "func", id: "other-results", params: [ctx, request, { any: "In" }], results: [{ any: "A" }, { any: "B" }, { any: "C" }] },
  { kind: "func", id: "two-results", params: [ctx, request, { any: "In" }], results: [{ any: "A" }, { any: "B" }] },
  { kind: "func", id: "one-result", params: [ctx, request, { any: "In" }], results: [{ any: "A" }] },
  { kind: "func", id: "no-result", params: [ctx, request, { any: "In" }], results: [] },
]);

/** A shape of MCP_SPECS: TOOL, or a near miss. */
export type McpShape = (typeof MCP_SPECS)[number]["id"];

const HANDLER = "func(context.Context, *mcp.CallToolRequest, In) (*mcp.CallToolResult, Out, error)";

/** Why each near miss is no tool, and what to write instead. */
export const NEAR_MISSES: Readonly<Record<Exclude<McpShape, typeof TOOL>, string>> = {
  "request-by-value": `takes mcp.CallToolRequest by value: a tool takes *mcp.CallToolRequest (${HANDLER})`,
  "no-context": `takes no context.Context first: a tool is ${HANDLER}`,
  "untyped-handler": `is a low-level mcp.ToolHandler, which has no typed input to infer an input schema from (Server.AddTool panics without one): take the input as a third parameter, ${HANDLER}`,
  "other-results": `returns other results than a tool's: ${HANDLER}`,
  "two-results": `returns 2 results: a tool returns (*mcp.CallToolResult, Out, error); a nil result is fine, the SDK fills it from Out`,
  "one-result": `returns 1 result: a tool returns (*mcp.CallToolResult, Out, error); a nil result is fine, the SDK fills it from Out`,
  "no-result": `returns nothing: a tool returns (*mcp.CallToolResult, Out, error)`,
};

/** The exports of the SDK's package that people dot-import, to tell several dot imports apart. */
export const MCP_EXPORTS: readonly string[] = ["CallToolRequest", "CallToolResult", "ToolHandlerFor", "Server", "Tool"];

/** The packages the adapter imports beyond the standard library: the user's module must provide them (build asks go). */
export const MCP_ADAPTER_IMPORTS: readonly string[] = [MCP_PACKAGE];
