// Command loadgen drives an HTTP server from a separate process on loopback. Each mode prints
// one JSON document on stdout.
//
//	loadgen rounds -a URL -b URL [-pairs 20] [-d 500ms] [-warmup 200ms] [-c 16]
//	    Throughput of two servers in alternating rounds (A B, B A, A B, …): each round opens
//	    fresh keep-alive connections to one server and sends back to back (closed loop).
//	    Alternating short rounds puts both servers under the same drift of the machine, so
//	    the per-pair ratios can be compared; the bench reports their median and spread.
//
//	loadgen steady -url URL -d 60s -until-unready READY_URL
//	    Load from net/http's client that stops sending once readiness fails, as a load
//	    balancer would during a rollout: every request it did send must succeed.
//
//	loadgen drain -url URL [-c 16] [-max 40s]
//	    Keep-alive connections opened once, at the start, that keep sending on those same
//	    connections whatever readiness says (as a proxy that has not yet noticed does) and
//	    never open another one. Prints "ready" once every connection has had its first
//	    response, then the JSON when every connection has ended. It counts the requests
//	    written on an open connection that got no complete response: the keep-alive race.
//
// Every mode takes -method, -body and -H 'Name: value' (repeatable) for the request.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var out any
	var err error
	switch os.Args[1] {
	case "rounds":
		out, err = roundsMain(os.Args[2:])
	case "steady":
		out, err = steadyMain(os.Args[2:])
	case "drain":
		out, err = drainMain(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: loadgen rounds|steady|drain [flags] (loadgen MODE -h lists them)")
	os.Exit(2)
}

// requestFlags are the request every mode sends.
type requestFlags struct {
	method  string
	body    string
	headers headerFlags
}

func (r *requestFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.method, "method", http.MethodGet, "request method")
	fs.StringVar(&r.body, "body", "", "request body")
	fs.Var(&r.headers, "H", "request header 'Name: value' (repeatable)")
}

// build makes the request for target.
func (r *requestFlags) build(target string) (*http.Request, error) {
	req, err := http.NewRequest(r.method, target, strings.NewReader(r.body))
	if err != nil {
		return nil, err
	}
	for _, h := range r.headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return req, nil
}

// wire is the request for target as the bytes sent on a raw connection, serialized once
// (net/http's own writer, so Host and Content-Length are right), with the host:port to dial.
func (r *requestFlags) wire(target string) (addr string, raw []byte, err error) {
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "http" || u.Port() == "" {
		return "", nil, fmt.Errorf("%q: use http://HOST:PORT/PATH", target)
	}
	req, err := r.build(target)
	if err != nil {
		return "", nil, err
	}
	var buf bytes.Buffer
	if err := req.Write(&buf); err != nil {
		return "", nil, err
	}
	return u.Host, buf.Bytes(), nil
}

type headerFlags []string

func (h *headerFlags) String() string     { return strings.Join(*h, ", ") }
func (h *headerFlags) Set(v string) error { *h = append(*h, v); return nil }
