// @fnpacks/go-codegen/testing: what tests of generated servers share, the runtime's own and
// every signature's generator tests: the real go toolchain, fixture copies, the process
// harness and raw HTTP clients. Not part of the buildpacks (nothing in src/ imports it).
export { copyFixture, go, gofmtUnformatted, removeDir } from "./go-toolchain";
export { type Answer, peakRssMiB, type StreamedPost, streamPost } from "./http-client";
export { type ProcessOptions, type RunningProcess, type RunningServer, startProcess, startServer, waitForLog } from "./process";
