//go:build !go1.24

package fnruntime

import "net/http"

// enableH2C: before Go 1.24 net/http has no h2c, and the runtime takes no dependency
// (golang.org/x/net would mean editing the user's go.mod), so older toolchains serve
// HTTP/1.1 only.
func enableH2C(*http.Server) []string { return []string{"http/1.1"} }
