// The shop's server as the tests play it: order webhooks signed as Shopify signs them.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";

/** Sends `order` to Kefu at `url` as the shop's order webhook, signed with `secret`; expects 200. */
export async function sendShopOrder(url, secret, order) {
  const body = JSON.stringify(order);
  const response = await fetch(new URL("/api/shop/orders", url), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body).digest("base64"),
    },
    body,
  });
  assert.equal(response.status, 200);
}
