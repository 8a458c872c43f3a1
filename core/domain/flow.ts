import { z } from "zod";

export const FLOW_NAME_MAX = 120;

/** A flow's name as people type it in the list and the editor. */
export const ZFlowName = z.string().trim().min(1, "validation.flowNameRequired").max(FLOW_NAME_MAX, "validation.flowNameTooLong");
