// proctime: how long a process runs and how much memory it takes, for pnpm bench. Standard
// library only.
module fnpacks.dev/bench/proctime

go 1.21
