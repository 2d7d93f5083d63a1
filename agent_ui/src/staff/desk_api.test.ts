import { describe, expect, it } from "vitest";
import { readHit } from "./desk_api";

describe("customer search hits", () => {
  it("take the id from customer_id (as the server sends) or id (as the protocol says)", () => {
    expect(readHit({ customer_id: 37, display_name: "Aaron Mitchell", segment: "at_risk", matched_on: "name" })).toEqual({
      id: 37,
      display_name: "Aaron Mitchell",
      segment: "at_risk",
    });
    expect(readHit({ id: 9, display_name: "Ann Lee" })).toEqual({ id: 9, display_name: "Ann Lee", segment: null });
    expect(readHit({ display_name: "no id" })).toBeNull();
    expect(readHit({ id: 1 })).toBeNull();
    expect(readHit(null)).toBeNull();
  });
});
