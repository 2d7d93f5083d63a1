// One browser test run twice: as an English-speaking user (en-US) and as a Chinese-speaking
// one (zh-CN). `flow(browser, locale, artifacts)` is the test; the names end in "(English)" and
// "(Chinese)".
export function inEnglishAndChinese(name, timeoutMs, flow) {
  return [
    ["en-US", "English"],
    ["zh-CN", "Chinese"],
  ].map(([locale, language]) => ({
    name: `${name} (${language})`,
    timeoutMs,
    run: ({ browser, artifacts }) => flow(browser, locale, artifacts),
  }));
}
