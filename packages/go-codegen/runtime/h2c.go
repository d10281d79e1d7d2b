//go:build go1.24

package fnruntime

import "net/http"

// enableH2C serves HTTP/2 without TLS (prior knowledge) beside HTTP/1.1, as Cloud Run and
// Knative send it. net/http has it built in from Go 1.24.
func enableH2C(s *http.Server) []string {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	s.Protocols = &p
	return []string{"http/1.1", "h2c"}
}
