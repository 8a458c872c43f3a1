import { RulebookPage } from "@/components/rules/RulebookPage";

/** Every rule the checker applies, for marketers; the editor's findings link to their rule's entry here. */
export default function RulesPage() {
  return (
    <main id="main" className="mx-auto max-w-5xl px-4 py-10">
      <RulebookPage />
    </main>
  );
}
