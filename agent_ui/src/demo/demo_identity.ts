// Demo shop only: a real shop's server signs its logged-in customer's id. Under
// `kefu serve --demo` the Kefu server hands out such a pair for a demo customer; elsewhere the
// call answers 404 and nothing happens.

interface Identity {
  shop_customer_id: string;
  signature: string;
}

type Identifiable = Element & { identify?: (id: string, signature: string) => Promise<boolean> };

async function identifyDemoCustomer(): Promise<void> {
  const response = await fetch("/api/demo/identity", { credentials: "omit" });
  if (!response.ok) return;
  const who = (await response.json()) as Identity;
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
