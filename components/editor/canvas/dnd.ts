/** The drag payload type of palette items, so other drops are ignored. */
export const PALETTE_MIME = "application/x-flowguard-step";
