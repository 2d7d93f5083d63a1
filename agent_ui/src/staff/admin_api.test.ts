import { describe, expect, it } from "vitest";
import { parseSkills, splitList } from "./admin_api";
import { redirectFor } from "./staff_api";

describe("the admin console's form fields", () => {
  it("reads skills with levels, defaulting to 3", () => {
    expect(parseSkills("orders:4, returns")).toEqual([
      { name: "orders", level: 4 },
      { name: "returns", level: 3 },
    ]);
  });

  it("leaves a level that is not a number for the server to refuse", () => {
    expect(Number.isNaN(parseSkills("orders:high")[0]!.level)).toBe(true);
  });

  it("splits lists on ASCII and Chinese commas and drops empty items", () => {
    expect(splitList("en， zh, ,pt-BR")).toEqual(["en", "zh", "pt-BR"]);
  });
});

describe("who may see the supervisor and admin pages", () => {
  const user = (role: "agent" | "supervisor" | "admin") => ({ id: 1, login: "x", name: "X", role });

  it("sends agents to the console from both", () => {
    expect(redirectFor(user("agent"), "admin")).toBe("/console");
    expect(redirectFor(user("agent"), "supervisor")).toBe("/console");
  });

  it("sends supervisors from the admin console to their screen", () => {
    expect(redirectFor(user("supervisor"), "admin")).toBe("/supervisor");
    expect(redirectFor(user("supervisor"), "supervisor")).toBeNull();
  });

  it("lets admins see both", () => {
    expect(redirectFor(user("admin"), "admin")).toBeNull();
    expect(redirectFor(user("admin"), "supervisor")).toBeNull();
  });
});
