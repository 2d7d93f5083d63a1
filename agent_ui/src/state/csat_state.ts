import { MAX_RATING_COMMENT_LENGTH, type RateCommand, type ServerEvent } from "../protocol/types";

/** Where the customer is with the rating of one resolved conversation. */
export type CsatPhase = "hidden" | "asking" | "sending" | "thanks";

/**
 * The widget's satisfaction survey, driven by server events and the customer's choices. No
 * sockets, no DOM: the widget renders it and sends the command `submit` returns.
 *
 * `csat_request` opens it for a conversation (unless the customer closed it for that one);
 * `ack` of the sent rating, or `csat_recorded` from another tab, thanks them; an `error`
 * keeps the form with the reason, except `already_rated`, which also counts as done.
 */
export class CsatState {
  phase: CsatPhase = "hidden";
  conversationId: number | null = null;
  agentName: string | null = null;
  rating: number | null = null;
  comment = "";
  /** The error code of the last attempt (shown to the customer), null when none. */
  error: string | null = null;
  private sentClientId: string | null = null;

  /** `dismissed`: conversations the customer chose not to rate (remembered by the widget). */
  constructor(private readonly dismissed: Set<number> = new Set()) {}

  /** Applies a server event; returns true when anything the widget shows changed. */
  apply(event: ServerEvent): boolean {
    switch (event.type) {
      case "csat_request":
        if (this.dismissed.has(event.conversation_id)) return false;
        if (this.conversationId === event.conversation_id && this.phase !== "hidden") return false;
        this.phase = "asking";
        this.conversationId = event.conversation_id;
        this.agentName = event.agent?.name || null;
        this.rating = null;
        this.comment = "";
        this.error = null;
        this.sentClientId = null;
        return true;
      case "csat_recorded":
        if (event.conversation_id !== this.conversationId || this.phase === "hidden") return false;
        this.phase = "thanks";
        this.rating = event.rating;
        this.error = null;
        return true;
      case "conversation":
        // Reopened: the conversation is not over after all; a new request comes at the end.
        if (event.conversation.id !== this.conversationId || this.phase === "thanks") return false;
        if (event.conversation.status !== "queued" && event.conversation.status !== "assigned") return false;
        this.phase = "hidden";
        return true;
      case "ack":
        if (this.sentClientId === null || event.ref !== this.sentClientId) return false;
        this.phase = "thanks";
        this.sentClientId = null;
        return true;
      case "error":
        if (this.sentClientId === null || event.ref !== this.sentClientId) return false;
        this.sentClientId = null;
        this.phase = event.code === "already_rated" ? "thanks" : "asking";
        this.error = event.code === "already_rated" ? null : event.code;
        return true;
      default:
        return false;
    }
  }

  /** The customer picks 1..5 stars. */
  choose(rating: number): void {
    if (this.phase !== "asking" || !Number.isInteger(rating) || rating < 1 || rating > 5) return;
    this.rating = rating;
    this.error = null;
  }

  setComment(text: string): void {
    this.comment = text;
  }

  /** Whether the comment is within the server's limit (in characters, as the server counts). */
  get commentTooLong(): boolean {
    return [...this.comment].length > MAX_RATING_COMMENT_LENGTH;
  }

  /**
   * The `rate` command for the chosen stars and comment, or null when there is nothing to send
   * (no stars, a comment over the limit, already sending). Marks the survey as sending.
   */
  submit(clientId: string): RateCommand | null {
    if (this.phase !== "asking" || this.rating === null || this.conversationId === null) return null;
    if (this.commentTooLong) {
      this.error = "too_long";
      return null;
    }
    this.phase = "sending";
    this.sentClientId = clientId;
    this.error = null;
    const comment = this.comment.trim();
    return {
      type: "rate",
      client_id: clientId,
      conversation_id: this.conversationId,
      rating: this.rating,
      ...(comment ? { comment } : {}),
    };
  }

  /** The connection dropped while sending: the customer may send again. */
  connectionLost(): void {
    if (this.phase !== "sending") return;
    this.phase = "asking";
    this.sentClientId = null;
    this.error = "offline";
  }

  /** The customer closes the survey without rating; it is not asked again for this conversation. */
  dismiss(): number | null {
    const id = this.conversationId;
    if (id !== null) this.dismissed.add(id);
    this.phase = "hidden";
    return id;
  }

  /** Closes the thanks note. */
  close(): void {
    if (this.phase === "thanks") this.phase = "hidden";
  }
}
