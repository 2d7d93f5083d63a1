/** The subprotocol a customer socket speaks; the server's handshake answer names it. */
export const CUSTOMER_SUBPROTOCOL = "kefu.customer.v1";
/** The offered subprotocol that carries the visitor token: this prefix, then the token. */
export const VISITOR_TOKEN_PREFIX = "kefu.visitor-token.";

// RFC 7230 `token` characters (tchar): what a Sec-WebSocket-Protocol value may hold.
const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The subprotocols a customer socket offers (docs/protocol.md, "Connecting"): the customer
 * protocol and the visitor token, which so travels in a header and never in the URL, where
 * proxies and access logs would keep it. The server's tokens are base64url, always valid header
 * tokens; anything else is refused here rather than sent.
 */
export function customerSocketProtocols(token: string): string[] {
  if (!HEADER_TOKEN.test(token)) throw new Error("the visitor token is not a valid header token");
  return [CUSTOMER_SUBPROTOCOL, VISITOR_TOKEN_PREFIX + token];
}
