import { describe, expect, it } from "vitest";
import { conversationLanguage } from "./conversation_language";

describe("conversationLanguage", () => {
  it("reads the customer's language from their messages", () => {
    expect(conversationLanguage(["我的茶壶破了"])).toBe("zh");
    expect(conversationLanguage(["Where is my Longjing tin?"])).toBe("en");
    expect(conversationLanguage(["订单 #1001 的 Longjing 还没到"])).toBe("zh");
    expect(conversationLanguage(["Hello", "龙井"])).toBe("zh");
    expect(conversationLanguage([])).toBeNull();
    expect(conversationLanguage(["123 !!"])).toBeNull();
  });
});
