// Every word in both languages: the catalogues hold the same keys with the same placeholders,
// and every value the server names and the pages show (segments, identity kinds, order
// statuses, quality details, error codes) has a text in both. The server's values are read from
// its own sources and docs/protocol.md, so a value added there without a text fails here.
/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import protocolMd from "../../../docs/protocol.md?raw";
import demoOrdersCsv from "../../../server/customers/demo/chinook_orders.csv?raw";
import identityCpp from "../../../server/customers/identity.cpp?raw";
import qualityScorerCpp from "../../../server/metrics/quality_scorer.cpp?raw";
import qualitySettingsCpp from "../../../server/metrics/quality_settings.cpp?raw";
import reviewScorecardCpp from "../../../server/metrics/review_scorecard.cpp?raw";
import attachmentRoutesCpp from "../../../server/net/attachment_routes.cpp?raw";
import cannedReplyRoutesCpp from "../../../server/net/canned_reply_routes.cpp?raw";
import workspaceRoutesCpp from "../../../server/net/workspace_routes.cpp?raw";
import cannedReplyRulesCpp from "../../../server/workspace/canned_reply_rules.cpp?raw";
import orderMilestonesCpp from "../../../server/care/order_milestones.cpp?raw";
import careRuleHpp from "../../../server/care/rule.hpp?raw";
import routingModelCpp from "../../../server/routing/model.cpp?raw";
import { API_KEY_TEXTS } from "./catalog_api_keys";
import { CATALOG } from "./catalog";
import { WEBHOOK_TEXTS } from "./catalog_webhooks";
import { I18n } from "./i18n";
import { careEventLabel, identityKindLabel, orderStatusLabel, qualityDetailLabel, segmentLabel } from "./labels";

// The server's sources this test reads (as text, through Vite's ?raw imports).
const SOURCES: Record<string, string> = {
  "docs/protocol.md": protocolMd,
  "server/customers/demo/chinook_orders.csv": demoOrdersCsv,
  "server/customers/identity.cpp": identityCpp,
  "server/metrics/quality_scorer.cpp": qualityScorerCpp,
  "server/metrics/quality_settings.cpp": qualitySettingsCpp,
  "server/metrics/review_scorecard.cpp": reviewScorecardCpp,
  "server/net/attachment_routes.cpp": attachmentRoutesCpp,
  "server/net/canned_reply_routes.cpp": cannedReplyRoutesCpp,
  "server/net/workspace_routes.cpp": workspaceRoutesCpp,
  "server/workspace/canned_reply_rules.cpp": cannedReplyRulesCpp,
  "server/care/order_milestones.cpp": orderMilestonesCpp,
  "server/care/rule.hpp": careRuleHpp,
  "server/routing/model.cpp": routingModelCpp,
};
const source = (path: string) => {
  const text = SOURCES[path];
  if (text === undefined) throw new Error(`not imported: ${path}`);
  return text;
};

/** The string literals a C++ function returns, from its definition's opening line to the next "}\n\n". */
function returnedNames(path: string, signature: string): string[] {
  const text = source(path);
  const start = text.indexOf(signature);
  expect(start, `${signature} in ${path}`).toBeGreaterThanOrEqual(0);
  const body = text.slice(start, text.indexOf("\n}\n", start));
  return [...new Set([...body.matchAll(/return "(\w+)";/g)].map((m) => m[1]))];
}

/** The detail codes QualityScorer::score gives its items: item(name, code or cond ? code : code, ...). */
function qualityDetailCodes(): string[] {
  const text = source("server/metrics/quality_scorer.cpp");
  const codes = new Set<string>();
  for (const m of text.matchAll(/\bitem\(\s*"\w+",\s*(?:[^",?]+\?\s*)?"(\w+)"(?:\s*:\s*"(\w+)")?/g)) {
    codes.add(m[1]);
    if (m[2]) codes.add(m[2]);
  }
  return [...codes];
}

/** The codes of the socket's `error` frames, from the table under "### `error`" in docs/protocol.md. */
function socketErrorCodes(): string[] {
  const text = source("docs/protocol.md");
  const start = text.indexOf("### `error`");
  const table = text.slice(start, text.indexOf("\n## ", start));
  return [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
}

/** The error codes a route file answers with (`STATUS, "code"` in error_response, refusals, throws). */
function routeErrorCodes(path: string): string[] {
  return [...new Set([...source(path).matchAll(/\b[45]\d\d,\s*"([a-z_]+)"/g)].map((m) => m[1]))];
}

/** The cells of one CSV line (quoted cells may hold commas and doubled quotes). */
function csvCells(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] ?? m[2] ?? "").replace(/""/g, '"'));
}

/** {name} placeholders of a text, sorted. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function expectBothLanguages(catalogues: Record<string, Record<string, string>>, label: string): void {
  const [first, ...others] = Object.keys(catalogues);
  const keys = Object.keys(catalogues[first]).sort();
  for (const other of others) expect(Object.keys(catalogues[other]).sort(), `${label}: ${other} keys`).toEqual(keys);
  for (const key of keys) {
    for (const locale of Object.keys(catalogues)) {
      expect(catalogues[locale][key]?.trim(), `${label}: ${locale} ${key}`).toBeTruthy();
      expect(placeholders(catalogues[locale][key]), `${label}: ${locale} ${key} placeholders`).toEqual(
        placeholders(catalogues[first][key]),
      );
    }
  }
}

function expectKeys(keys: string[]): void {
  const missing = keys.filter((key) => !(key in CATALOG.en) || !(key in CATALOG["zh-CN"]));
  expect(missing).toEqual([]);
}

describe("every word in both languages", () => {
  it("each catalogue has the same keys and placeholders in zh and en, none empty", () => {
    expectBothLanguages(CATALOG, "main");
    expectBothLanguages(API_KEY_TEXTS, "API keys");
    expectBothLanguages(WEBHOOK_TEXTS, "webhooks");
  });

  it("names every customer segment the server computes", () => {
    const segments = returnedNames("server/routing/model.cpp", "std::string_view to_string(Segment segment)");
    expect(segments).toEqual(expect.arrayContaining(["new", "vip", "at_risk"]));
    expectKeys(segments.map((s) => `routing.segment.${s}`));
    expect(segmentLabel(new I18n("zh-CN"), "at_risk")).toBe("流失风险");
    expect(segmentLabel(new I18n("en"), "something_new")).toBe("something_new");
  });

  it("names every identity kind", () => {
    const kinds = returnedNames("server/customers/identity.cpp", "std::string_view to_string(IdentityKind kind)");
    expect(kinds).toEqual(["email", "phone", "shop_customer_id", "visitor_id"]);
    expectKeys(kinds.map((k) => `identity.${k}`));
    expect(identityKindLabel(new I18n("zh-CN"), "phone")).toBe("手机");
  });

  it("names every order status the shop may send (Shopify's financial and fulfillment statuses)", () => {
    const financial = ["pending", "authorized", "partially_paid", "paid", "partially_refunded", "refunded", "voided"];
    const fulfillment = ["unfulfilled", "partial", "fulfilled", "restocked"];
    expectKeys([...financial.map((s) => `order.financial.${s}`), ...fulfillment.map((s) => `order.fulfillment.${s}`)]);
    // The statuses the server's own code and the demo's orders use are among them.
    const used = new Set<string>();
    for (const m of source("server/care/order_milestones.cpp").matchAll(/== "(\w+)"/g)) used.add(m[1]);
    const demo = source("server/customers/demo/chinook_orders.csv").split("\n").slice(1);
    for (const row of demo) {
      const cells = csvCells(row);
      if (cells.length > 12 && /^\d{9}$/.test(cells[0]) && cells[1]) {
        if (cells[11]) used.add(cells[11]);
        if (cells[12]) used.add(cells[12]);
      }
    }
    for (const status of used) expect([...financial, ...fulfillment], status).toContain(status);
    expect(orderStatusLabel(new I18n("en"), "paid", "")).toBe("Paid · Not shipped yet");
    expect(orderStatusLabel(new I18n("zh-CN"), "refunded", "fulfilled")).toBe("已退款 · 已发货");
  });

  it("names every care rule trigger and cancelling event", () => {
    const text = source("server/care/rule.hpp");
    const names = new Set<string>();
    for (const fn of ["trigger_names()", "cancel_event_names()"]) {
      const start = text.indexOf(`& ${fn} {`);
      expect(start, fn).toBeGreaterThanOrEqual(0);
      const body = text.slice(start, text.indexOf("return names;", start));
      for (const m of body.matchAll(/"(\w+)"/g)) names.add(m[1]);
    }
    expect(names).toContain("schedule");
    expect(names).toContain("order_delivered");
    expectKeys([...names].map((n) => `care.event.${n}`));
    expect(careEventLabel(new I18n("zh-CN"), "order_delivered")).toBe("订单已签收");
  });

  it("names every quality item, scorecard category and detail, with the server's numbers", () => {
    const names = [...source("server/metrics/quality_settings.cpp").matchAll(/\{"(\w+)", &QualityWeights::/g)].map((m) => m[1]);
    expect(names.length).toBe(7);
    expectKeys(names.map((n) => `quality.item.${n}`));
    const categories = [...source("server/metrics/review_scorecard.cpp").matchAll(/\{"(\w+)", \d+\}/g)].map((m) => m[1]);
    expect(categories.length).toBeGreaterThan(0);
    expectKeys(categories.map((c) => `quality.category.${c}`));
    const codes = qualityDetailCodes();
    expect(codes).toEqual(expect.arrayContaining(["replies_within", "rating", "present", "missing", "answer_used"]));
    expect(codes.length).toBe(14);
    expectKeys(codes.map((c) => `quality.detail.${c}`));
    const item = { detail: "1 of 2 within 60 s", detail_code: "replies_within", detail_values: { within: 1, total: 2, target_s: 60 } };
    expect(qualityDetailLabel(new I18n("zh-CN"), item)).toBe("2 条回复中 1 条在 60 秒内");
    expect(qualityDetailLabel(new I18n("en"), { detail: "older text" })).toBe("older text");
  });

  it("explains every error code the console, the widget and the canned replies may show", () => {
    const socket = socketErrorCodes();
    expect(socket).toEqual(expect.arrayContaining(["bad_json", "not_found", "already_rated"]));
    const rest = [
      "server/net/attachment_routes.cpp",
      "server/net/canned_reply_routes.cpp",
      "server/net/workspace_routes.cpp",
    ].flatMap(routeErrorCodes);
    // The canned replies' rules, shared by their route and `kefu config import`, refuse by name.
    const cannedRules = source("server/workspace/canned_reply_rules.cpp");
    rest.push(...[...cannedRules.matchAll(/CannedReplyRefused\("([a-z_]+)"/g)].map((m) => m[1]));
    expect(rest).toEqual(expect.arrayContaining(["unsupported_type", "shortcut_taken", "unknown_variable"]));
    expectKeys([...new Set([...socket, ...rest])].map((code) => `error.${code}`));
    for (const locale of ["en", "zh-CN"] as const) {
      const i18n = new I18n(locale);
      for (const code of socket) expect(i18n.error(code)).not.toBe(i18n.t("error.other", { code }));
    }
  });

});
