import type { I18n } from "../i18n/i18n";
import type { ReassignedEvent } from "../protocol/types";

/**
 * The console's notice, in its own language, for a supervisor's move of this agent's
 * conversations (or of waiting chats to this agent): who did it, whose conversations, and where
 * they went.
 */
export function reassignedNotice(i18n: I18n, event: ReassignedEvent, me: number | undefined): string {
  const customers = event.conversations.map((c) => c.customer || `#${c.id}`).join(", ");
  const count = event.conversations.length;
  if (event.to.agent && event.to.agent.id === me) {
    return i18n.t("console.movedToYou", { name: event.by.name, count, customers });
  }
  const target = event.to.agent ? event.to.agent.name : i18n.t("console.theQueue", { queue: event.to.queue ?? "" });
  return i18n.t("console.reassigned", { name: event.by.name, customers, target });
}
