// Benchmark tools for the generated server: a loopback load generator and the hand-written
// net/http main it is compared with. Standard library only.
module fnpacks.dev/bench

go 1.21
