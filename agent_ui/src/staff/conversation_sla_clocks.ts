import type { Channel } from "../protocol/types";
import { clockRisk, loadReplyTargets, loadSlaClocks, REPLY_TARGET_MS, slaRisk, type SlaClock } from "../state/sla";
import type { ConversationLog } from "../state/conversation_log";

/**
 * The SLA clocks behind the badges of the agent's conversation list: the server's clock of each
 * of my conversations (GET /api/sla/clocks, its own policy and business time), read again every
 * few seconds, and the SLA policies' reply targets for a wait the server has not clocked yet.
 * `changed` runs whenever what the badges show may have changed.
 */
export class ConversationSlaClocks {
  /** The SLA policies' reply targets for the badges (the defaults until read). */
  private replyTargets: Record<Channel, number> = { ...REPLY_TARGET_MS };
  private clocks = new Map<number, SlaClock>();
  private seconds = 0;
  private loading = false;

  constructor(private readonly changed: () => void) {}

  /** Reads the reply targets and the clocks (quietly: the defaults stay until they answer). */
  start(): void {
    loadReplyTargets()
      .then((targets) => {
        this.replyTargets = targets;
        this.changed();
      })
      .catch(() => {});
    this.refresh();
  }

  /** Called once a second: the clocks are read again every fifth. */
  onSecond(): void {
    if (++this.seconds % 5 === 0) this.refresh();
  }

  /** Reads the server's SLA clocks again (at most one request at a time). */
  refresh(): void {
    if (this.loading) return;
    this.loading = true;
    loadSlaClocks()
      .then((clocks) => {
        this.clocks = clocks;
        this.changed();
      })
      .catch(() => {})
      .finally(() => (this.loading = false));
  }

  /** The server's clock of a conversation, if it sent one. */
  of(conversationId: number): SlaClock | undefined {
    return this.clocks.get(conversationId);
  }

  /**
   * The badge's risk: the server's clock of the conversation (its own policy, business time
   * included) while it counts the wait the console sees; the channel's target until then.
   */
  badgeRisk(log: ConversationLog, since: number | null, now: number) {
    if (since === null) return "none";
    const clock = this.clocks.get(log.id);
    if (clock && clock.waiting_since === since) return clockRisk(clock, now);
    if (clock) this.refresh(); // another wait began: read its clock
    return slaRisk(now - since, this.replyTargets[log.summary?.channel ?? "chat"]);
  }
}
