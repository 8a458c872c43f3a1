import type { EditorState } from "@/components/editor/store/editorStore";

/**
 * The name the bot will say where a text holds `{company}`: the controller named in the legal settings, else the
 * workspace's name (as the preview does). Texts keep the placeholder; the canvas and the inspector show what it becomes.
 */
export const selectCompanyName = (s: EditorState): string => s.legal?.controller.name.trim() || s.company;
