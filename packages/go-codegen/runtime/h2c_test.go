//go:build go1.24

package fnruntime

import (
	"io"
	"net/http"
	"testing"
)

func TestServesH2CWithPriorKnowledge(t *testing.T) {
	s := start(t, hello, nil)
	var protocols http.Protocols
	protocols.SetUnencryptedHTTP2(true)
	client := &http.Client{Transport: &http.Transport{Protocols: &protocols}}
	resp, err := client.Get(s.url + "/h2")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.ProtoMajor != 2 || string(body) != "hello /h2" {
		t.Errorf("%s %q", resp.Proto, body)
	}
	client.CloseIdleConnections()
	s.stop(t)
}
