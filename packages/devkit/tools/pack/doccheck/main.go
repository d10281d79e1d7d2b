// doccheck reads documented pack command lines the way pack itself reads them, so a test can
// tell whether each would work when pasted (order/test/pack-commands.test.ts drives it).
//
//	doccheck pack < request.json   every command through pack's own cobra command tree, then each
//	                               buildpack reference through pack's buildpack.GetLocatorType
//	doccheck yaml < file.yaml      YAML documents as JSON (for checks against kpack's types)
//	doccheck refs < names.json     image names checked as kpack checks them (go-containerregistry)
//
// It lives in the module that pins pack for `pnpm package`, so it reads commands with exactly the
// pack version the project packages with. It reports facts (locator types, image names, parse
// errors); the test decides what is acceptable.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fail("usage: doccheck pack|yaml|refs < input")
	}
	var out any
	var err error
	switch os.Args[1] {
	case "pack":
		out, err = checkPackRequest(os.Stdin)
	case "yaml":
		out, err = yamlDocuments(os.Stdin)
	case "refs":
		out, err = checkImageNames(os.Stdin)
	default:
		err = fmt.Errorf("unknown mode %q: use pack, yaml or refs", os.Args[1])
	}
	if err != nil {
		fail(err.Error())
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fail(err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "doccheck:", message)
	os.Exit(2)
}
