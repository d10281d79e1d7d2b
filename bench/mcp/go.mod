// The MCP benchmark's load generator (load/) and, as main.go.txt, the hand-written SDK server it
// compares the generated one with (bench/run.mjs builds that inside a copy of samples/go/mcp-tools).
module fnpacks.dev/bench/mcp

go 1.25.0

require github.com/modelcontextprotocol/go-sdk v1.8.0

require (
	fnpacks.dev/bench v0.0.0
	github.com/google/jsonschema-go v0.4.3 // indirect
	github.com/segmentio/asm v1.1.3 // indirect
	github.com/segmentio/encoding v0.5.4 // indirect
	github.com/yosida95/uritemplate/v3 v3.0.2 // indirect
	golang.org/x/oauth2 v0.35.0 // indirect
	golang.org/x/sync v0.20.0 // indirect
	golang.org/x/sys v0.41.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)

replace fnpacks.dev/bench => ../../packages/go-codegen/bench
