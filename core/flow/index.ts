/** The flow document: schema, parsing, graph helpers, step classification and templates. */
export * from "./schema";
export * from "./outputs";
export * from "./parse";
export * from "./graph";
export * from "./steps";
export * from "./labels";
export * from "./inferred";
export * from "./lexicon";
export * from "./references";
export * from "./variables";
export * from "./stepTable";
export * from "./messages";
export * from "./legal";
export * from "./defaultTexts";
export * from "./templates";
export * from "./optOut";
export * from "./countries";
