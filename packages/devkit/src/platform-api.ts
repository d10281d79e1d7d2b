/** The Platform API devkit speaks to lifecycle v0.21 (which supports 0.7–0.15). */
export const PLATFORM_API = "0.13";
