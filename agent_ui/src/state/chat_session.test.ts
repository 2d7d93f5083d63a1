import { describe, expect, it } from "vitest";
import { ChatSession } from "./chat_session";
import { ChatState } from "./chat_state";
import { ClientIdSource } from "./outbox";
import { FakeSocket, FakeTimers, flush } from "../testing/fakes";
import { FakeChatServer } from "../testing/fake_server";

function customer() {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const ids = new ClientIdSource("c", () => timers.now, Math.random);
  const session = new ChatSession(new ChatState("customer", ids), ids, {
    prepare: async () => ({ url: "ws://kefu/ws/customer", protocols: ["kefu.customer.v1", "kefu.visitor-token.t"] }),
    createSocket: ({ url, protocols }) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    timers,
    random: () => 0.5,
    now: () => timers.now,
  });
  return { session, sockets, timers, latest: () => sockets[sockets.length - 1] };
}

const texts = (session: ChatSession) =>
  session.state.conversation(42)?.messages().map((m) => `${m.seq}:${m.text}`) ?? [];

describe("ChatSession reconnect and resume", () => {
  it("resends an unacknowledged message with the same client id and shows it once", async () => {
    const server = new FakeChatServer();
    const c = customer();
    c.session.start();
    await flush();
    server.accept(c.latest());
    let read = server.process(c.latest(), 0);

    c.session.sendMessage("first");
    read = server.process(c.latest(), read);
    expect(texts(c.session)).toEqual(["1:first"]);

    // The message is stored but the connection dies before the ack leaves the server.
    server.deliverAcks = false;
    const clientId = c.session.sendMessage("second");
    server.process(c.latest(), read);
    c.latest().serverClose(1006);
    expect(c.session.state.outbox.get(clientId)?.state).toBe("sending");
    // Meanwhile the agent answers.
    server.agentWrites("answer", [c.latest()]);

    // Back-off, then a new socket.
    server.deliverAcks = true;
    c.timers.advance(c.timers.waiting()[0]);
    await flush();
    expect(c.sockets).toHaveLength(2);
    server.accept(c.latest());
    const resent = c.latest().sentOfType<{ client_id: string }>("message");
    expect(resent.map((m) => m.client_id)).toEqual([clientId]);
    expect(c.latest().sentOfType("sync")).toEqual([{ type: "sync", conversation_id: 42, after_seq: 1 }]);
    server.process(c.latest(), 0);

    expect(server.messages).toHaveLength(3); // the resend stored nothing new
    expect(texts(c.session)).toEqual(["1:first", "2:second", "3:answer"]);
    expect(c.session.state.outbox.all()).toHaveLength(0);
  });

  it("after a reload (a fresh client) gets the whole history back from seq 0", async () => {
    const server = new FakeChatServer();
    const first = customer();
    first.session.start();
    await flush();
    server.accept(first.latest());
    first.session.sendMessage("hello");
    server.process(first.latest(), 0);
    server.agentWrites("hi, how can I help?", [first.latest()]);
    first.session.stop();

    const reloaded = customer();
    reloaded.session.start();
    await flush();
    server.accept(reloaded.latest());
    expect(reloaded.latest().sentOfType("sync")).toEqual([{ type: "sync", conversation_id: 42, after_seq: 0 }]);
    server.process(reloaded.latest(), 0);
    expect(texts(reloaded.session)).toEqual(["1:hello", "2:hi, how can I help?"]);
  });

  it("fills a gap in live messages with a sync", async () => {
    const server = new FakeChatServer();
    const c = customer();
    c.session.start();
    await flush();
    server.accept(c.latest());
    server.agentWrites("one", [c.latest()]);
    server.agentWrites("two", []); // lost on the way
    server.agentWrites("three", [c.latest()]);
    expect(c.latest().sentOfType("sync")).toEqual([{ type: "sync", conversation_id: 42, after_seq: 1 }]);
    server.process(c.latest(), 0);
    expect(texts(c.session)).toEqual(["1:one", "2:two", "3:three"]);
  });

  it("writes made while offline go out after the next welcome", async () => {
    const server = new FakeChatServer();
    const c = customer();
    c.session.start();
    await flush();
    c.latest().serverClose();
    c.session.sendMessage("offline text");
    expect(c.session.connectionState).toBe("waiting");
    c.timers.advance(c.timers.waiting()[0]);
    await flush();
    server.accept(c.latest());
    server.process(c.latest(), 0);
    expect(texts(c.session)).toEqual(["1:offline text"]);
  });

  it("rejects a resolve that cannot be sent, and one that the server refuses", async () => {
    const c = customer();
    await expect(c.session.resolve(42)).rejects.toMatchObject({ code: "offline" });
    c.session.start();
    await flush();
    c.latest().open();
    const pending = c.session.resolve(42);
    const sent = c.latest().sentOfType<{ client_id: string }>("resolve")[0];
    c.latest().receive({ type: "error", code: "conflict", ref: sent.client_id, message: "queued" });
    await expect(pending).rejects.toMatchObject({ code: "conflict" });
  });
});
