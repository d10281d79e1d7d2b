// proctime: how long a process runs and how much memory it takes, measured by the kernel at its
// exit. Used by @fnpacks/cnb/testing's runCompiled and by pnpm bench. Standard library only.
module fnpacks.dev/proctime

go 1.21
