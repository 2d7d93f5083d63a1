import { describe, expect, it } from "vitest";
import { customerSocketProtocols } from "./customer_socket";

describe("customerSocketProtocols", () => {
  it("offers the customer protocol and the token as a subprotocol", () => {
    const token = "Ab0_-xYz1234567890abcdefghijklmnopqrstuvwxy";
    expect(customerSocketProtocols(token)).toEqual(["kefu.customer.v1", `kefu.visitor-token.${token}`]);
  });

  it("refuses a token that is not a valid header token, so nothing odd is ever sent", () => {
    for (const bad of ["", "a b", "a,b", "a/b", "tok=en", "é", "a\"b"]) {
      expect(() => customerSocketProtocols(bad)).toThrow();
    }
  });
});
