// proctime runs a command once and prints, as JSON, its wall time from start to exit as this
// small process sees it (its fork and exec included), its peak resident memory and its exit
// code. pnpm bench times compiled buildpack executables with it: timed from Node, every figure
// would also hold Node's own spawning of a process (a few milliseconds, more than some of the
// figures' differences).
package main

import (
	"encoding/json"
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
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: proctime COMMAND [ARG...]: runs it once (stdout and stderr discarded) and prints {ms, peakKb, code}")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[1], os.Args[2:]...) // stdin, stdout and stderr: /dev/null
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if cmd.ProcessState == nil {
		fmt.Fprintf(os.Stderr, "proctime: %s did not run: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	usage, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	var peak int64
	if usage != nil {
		peak = usage.Maxrss // kilobytes on Linux
	}
	out, _ := json.Marshal(measurement{Ms: float64(elapsed.Microseconds()) / 1000, PeakKB: peak, Code: cmd.ProcessState.ExitCode()})
	fmt.Println(string(out))
}
