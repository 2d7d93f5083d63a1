// Demo shop only: a real shop's server signs its logged-in customer's id. Under
// `kefu serve --demo` the Kefu server hands out such a pair for a demo customer; elsewhere the
// call answers 404 and nothing happens.

interface Identity {
  shop_customer_id: string;
  signature: string;
}

type Identifiable = Element & { identify?: (id: string, signature: string) => Promise<boolean> };

/** The demo shopper stays the same customer across reloads, as one logged in to a real shop. */
const SHOPPER_KEY = "kefu.demo.shopper";

function rememberedShopper(): Identity | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(SHOPPER_KEY) ?? "null");
    const who = value as Partial<Identity> | null;
    return who && typeof who.shop_customer_id === "string" && typeof who.signature === "string" ? (who as Identity) : null;
  } catch {
    return null;
  }
}

async function identifyDemoCustomer(): Promise<void> {
  let who = rememberedShopper();
  if (!who) {
    const response = await fetch("/api/demo/identity", { credentials: "omit" });
    if (!response.ok) return;
    who = (await response.json()) as Identity;
    try {
      localStorage.setItem(SHOPPER_KEY, JSON.stringify(who));
    } catch {
      // Blocked storage: the next page load may sign in another demo customer.
    }
  }
  for (let tries = 0; tries < 100; tries++) {
    const widget = document.querySelector<Identifiable>("kefu-chat-widget");
    if (widget && typeof widget.identify === "function") {
      await widget.identify(who.shop_customer_id, who.signature);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

identifyDemoCustomer().catch(() => {});
