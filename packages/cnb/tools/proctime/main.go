// proctime runs a command once, its standard streams its own, and writes to -out, as JSON, the
// command's wall time from start to exit as this small process sees it (its fork and exec
// included), its peak resident memory (the kernel's ru_maxrss, read when the command is reaped)
// and its exit code (-1 when a signal ended it).
//
// Peak memory polled from /proc while a process runs misses a process of a few milliseconds
// (a compiled detect), and wall time taken from Node also holds Node's own spawning of a
// process, about 2 ms: this measures both where the kernel does.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

type measurement struct {
	Ms     float64 `json:"ms"`
	PeakKB int64   `json:"peakKb"`
	Code   int     `json:"code"`
}

func main() {
	out := flag.String("out", "", "file to write the measurement to (JSON)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: proctime -out FILE COMMAND [ARG...]: runs COMMAND once and writes {ms, peakKb, code} to FILE")
	}
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "proctime: %s did not start: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	var peak int64
	if usage, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = usage.Maxrss // kilobytes on Linux
	}
	measured, _ := json.Marshal(measurement{Ms: float64(elapsed.Microseconds()) / 1000, PeakKB: peak, Code: cmd.ProcessState.ExitCode()})
	if err := os.WriteFile(*out, measured, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "proctime: %v\n", err)
		os.Exit(1)
	}
}
