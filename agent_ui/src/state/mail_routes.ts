import type { DeliveryState, MailRoute } from "../staff/mailbox_api";
import type { ServerEvent } from "../protocol/types";

/**
 * The e-mail routes of the console's conversations: where each one's replies go (loaded once
 * per conversation from GET /api/mail/conversations/{id}; null when it is not an e-mail
 * conversation) and each reply's delivery, kept current by `mail_delivery` frames.
 */
export class MailRoutes {
  private readonly routes = new Map<number, MailRoute | null>();
  private readonly loading = new Set<number>();

  constructor(private readonly load: (conversationId: number) => Promise<MailRoute | null>) {}

  /** The route if known; starts loading it otherwise (calls `changed` when it arrives). */
  route(conversationId: number, changed: () => void): MailRoute | null | undefined {
    if (this.routes.has(conversationId)) return this.routes.get(conversationId);
    if (!this.loading.has(conversationId)) {
      this.loading.add(conversationId);
      this.load(conversationId)
        .then((route) => this.routes.set(conversationId, route))
        .catch(() => undefined) // asked again at the next render
        .finally(() => {
          this.loading.delete(conversationId);
          changed();
        });
    }
    return undefined;
  }

  /** Applies a `mail_delivery` frame; returns true when it was one. */
  apply(event: ServerEvent): boolean {
    if (event.type !== "mail_delivery") return false;
    const route = this.routes.get(event.conversation_id);
    if (!route) {
      this.routes.delete(event.conversation_id); // unknown or "not e-mail": load it afresh
      return true;
    }
    const reply = { seq: event.seq, state: event.state, attempts: event.attempts, error: event.error };
    const at = route.replies.findIndex((r) => r.seq === event.seq);
    if (at >= 0) route.replies[at] = reply;
    else route.replies.push(reply);
    return true;
  }

  /** The newest reply's delivery, if any reply was sent by e-mail. */
  static latest(route: MailRoute): { state: DeliveryState; error: string } | null {
    if (route.replies.length === 0) return null;
    const newest = route.replies.reduce((a, b) => (b.seq > a.seq ? b : a));
    return { state: newest.state, error: newest.error };
  }
}
