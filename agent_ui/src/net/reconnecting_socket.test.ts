import { describe, expect, it } from "vitest";
import { backoffDelay, DEFAULT_BACKOFF } from "./backoff";
import { ReconnectingSocket, type SocketTarget } from "./reconnecting_socket";
import { FakeSocket, FakeTimers, flush } from "../testing/fakes";

function harness(options: { random?: () => number; prepare?: () => Promise<SocketTarget | null>; final?: number[] } = {}) {
  const timers = new FakeTimers();
  const sockets: FakeSocket[] = [];
  const frames: string[] = [];
  const states: string[] = [];
  const socket = new ReconnectingSocket({
    prepare: options.prepare ?? (async () => ({ url: "ws://kefu/ws/customer", protocols: ["kefu.customer.v1"] })),
    createSocket: ({ url, protocols }) => {
      const s = new FakeSocket(url, protocols);
      sockets.push(s);
      return s;
    },
    timers,
    random: options.random ?? (() => 0.5),
    finalCloseCodes: new Set(options.final ?? []),
    onFrame: (f) => frames.push(f),
    onStateChange: (s) => states.push(s),
  });
  return { timers, sockets, frames, states, socket };
}

describe("backoffDelay", () => {
  it("doubles up to the cap, with jitter between half and all of the nominal delay", () => {
    const p = DEFAULT_BACKOFF;
    expect(backoffDelay(0, p, () => 0)).toBe(250);
    expect(backoffDelay(0, p, () => 1)).toBe(500);
    expect(backoffDelay(3, p, () => 1)).toBe(4000);
    expect(backoffDelay(20, p, () => 1)).toBe(30000);
    expect(backoffDelay(20, p, () => 0)).toBe(15000);
  });
});

describe("ReconnectingSocket", () => {
  it("connects, passes frames on and sends only while open", async () => {
    const h = harness();
    h.socket.start();
    await flush();
    expect(h.sockets).toHaveLength(1);
    expect(h.socket.send({ type: "x" })).toBe(false);
    h.sockets[0].open();
    expect(h.socket.send({ type: "x" })).toBe(true);
    h.sockets[0].receive({ type: "welcome" });
    expect(h.frames).toEqual(['{"type":"welcome"}']);
  });

  it("reconnects with growing delays, and starts over after the server spoke", async () => {
    const h = harness({ random: () => 1 });
    h.socket.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      h.sockets[h.sockets.length - 1].serverClose(1006);
      delays.push(h.timers.waiting()[0]);
      h.timers.advance(delays[delays.length - 1]);
      await flush();
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(h.sockets).toHaveLength(5);
    // The fifth socket gets through and hears a welcome: the next drop waits the first delay again.
    h.sockets[4].open();
    h.sockets[4].receive({ type: "welcome" });
    h.sockets[4].serverClose(1001);
    expect(h.timers.waiting()).toEqual([500]);
  });

  it("spreads clients apart with jitter", async () => {
    const a = harness({ random: () => 0.1 });
    const b = harness({ random: () => 0.9 });
    for (const h of [a, b]) {
      h.socket.start();
      await flush();
      h.sockets[0].serverClose();
    }
    expect(a.timers.waiting()[0]).not.toBe(b.timers.waiting()[0]);
  });

  it("does not come back after a final close code or a null URL", async () => {
    const h = harness({ final: [1008] });
    h.socket.start();
    await flush();
    h.sockets[0].open();
    h.sockets[0].serverClose(1008);
    expect(h.timers.waiting()).toEqual([]);
    expect(h.socket.connectionState).toBe("stopped");

    const n = harness({ prepare: async () => null });
    n.socket.start();
    await flush();
    expect(n.sockets).toHaveLength(0);
    expect(n.socket.connectionState).toBe("stopped");
  });

  it("retries when prepare fails (e.g. the token request failed)", async () => {
    let calls = 0;
    const h = harness({
      prepare: async () => {
        calls += 1;
        if (calls === 1) throw new Error("network down");
        return { url: "ws://kefu/ws/customer", protocols: ["kefu.customer.v1", "kefu.visitor-token.new"] };
      },
    });
    h.socket.start();
    await flush();
    expect(h.sockets).toHaveLength(0);
    expect(h.socket.connectionState).toBe("waiting");
    h.timers.advance(h.timers.waiting()[0]);
    await flush();
    expect(h.sockets.map((s) => [s.url, ...s.protocols])).toEqual([
      ["ws://kefu/ws/customer", "kefu.customer.v1", "kefu.visitor-token.new"],
    ]);
  });

  it("retryNow skips the wait; stop ends everything", async () => {
    const h = harness();
    h.socket.start();
    await flush();
    h.sockets[0].serverClose();
    h.socket.retryNow();
    await flush();
    expect(h.sockets).toHaveLength(2);
    expect(h.timers.waiting()).toEqual([]);
    h.sockets[1].open();
    h.socket.stop();
    expect(h.sockets[1].closedWith).toBe(1000);
    expect(h.timers.waiting()).toEqual([]);
    expect(h.socket.connectionState).toBe("stopped");
  });
});
