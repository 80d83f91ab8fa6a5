import { PlaybookCard } from "@/components/intent/playbook-card";
import { playbookSchema } from "@/lib/metrics/definition-schema";

/** The metric's playbook, from its definition in force. */
export function PlaybookSection({ metricName, owner, definition }: { metricName: string; owner: string; definition: Record<string, unknown> }) {
  const parsed = playbookSchema.safeParse(definition.playbook);
  return <PlaybookCard metricName={metricName} owner={owner} playbook={parsed.success ? parsed.data : null} />;
}
