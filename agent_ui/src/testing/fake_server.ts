// A small in-memory stand-in for the Kefu server's customer side, following docs/protocol.md:
// numbers messages per conversation, acknowledges, drops a retried client_id (answering with
// the first seq), answers sync with the stored messages then `synced`. Unit tests only.
import type { MessageEvent } from "../protocol/types";
import type { FakeSocket } from "./fakes";

export class FakeChatServer {
  readonly messages: MessageEvent[] = [];
  private readonly byClientId = new Map<string, MessageEvent>();
  private clock = 1_700_000_000_000;
  /** When false, stores commands but "loses" the ack (the connection dies before it leaves). */
  deliverAcks = true;

  constructor(readonly conversationId = 42) {}

  /** Accepts a socket: sends welcome. */
  accept(socket: FakeSocket): void {
    socket.open();
    const last = this.messages.length;
    socket.receive({
      type: "welcome",
      role: "customer",
      visitor_id: "v_1",
      server_time: this.clock,
      conversations: last
        ? [{ id: this.conversationId, channel: "chat", status: "assigned", last_seq: last, created_at: 1, updated_at: this.clock }]
        : [],
    });
  }

  /** Processes every command the socket has sent since the last call. */
  process(socket: FakeSocket, fromIndex: number): number {
    for (const frame of socket.sent.slice(fromIndex) as Record<string, unknown>[]) {
      if (frame.type === "message") this.onMessage(socket, frame);
      if (frame.type === "sync") this.onSync(socket, frame.after_seq as number);
    }
    return socket.sent.length;
  }

  /** The agent writes; `to` sockets receive it live. */
  agentWrites(text: string, to: FakeSocket[]): MessageEvent {
    const event = this.store(text, null, "agent");
    for (const s of to) if (s.readyState === 1) s.receive(event);
    return event;
  }

  private onMessage(socket: FakeSocket, frame: Record<string, unknown>): void {
    const clientId = frame.client_id as string;
    const existing = this.byClientId.get(clientId);
    const stored = existing ?? this.store(frame.text as string, clientId, "customer");
    if (this.deliverAcks && socket.readyState === 1) {
      socket.receive({ type: "ack", ref: clientId, conversation_id: this.conversationId, seq: stored.seq, at: stored.at });
    }
  }

  private onSync(socket: FakeSocket, afterSeq: number): void {
    for (const m of this.messages) if (m.seq > afterSeq) socket.receive(m);
    socket.receive({ type: "synced", conversation_id: this.conversationId, last_seq: this.messages.length });
  }

  private store(text: string, clientId: string | null, kind: "customer" | "agent"): MessageEvent {
    this.clock += 1000;
    const event: MessageEvent = {
      type: "message",
      conversation_id: this.conversationId,
      seq: this.messages.length + 1,
      at: this.clock,
      client_id: clientId,
      author: { kind, id: kind === "agent" ? 3 : 9, name: kind === "agent" ? "Alice" : "Visitor 9" },
      text,
    };
    this.messages.push(event);
    if (clientId) this.byClientId.set(clientId, event);
    return event;
  }
}
