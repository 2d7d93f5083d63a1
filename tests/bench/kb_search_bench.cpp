// kb_search_bench: search latency and index build rate of the knowledge base on generated
// articles, against plain FTS5 `porter unicode61` measured in the same run.
//
//   kb_search_bench [ARTICLES=10000] [QUERIES=2000]
//
// Ours reads the word vectors the build derives (or $KEFU_WORD_VECTORS), as the server does;
// without that file it says so and searches by letters only.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/match_query.hpp"
#include "knowledge_base/word_vectors.hpp"

namespace {

using Clock = std::chrono::steady_clock;

const std::vector<std::string> kEnglish = {
    "order",    "refund",   "return",   "parcel",     "delivery", "tracking", "payment",  "card",
    "warranty", "size",     "exchange", "cancel",     "invoice",  "discount", "coupon",   "address",
    "courier",  "damaged",  "missing",  "express",    "free",     "shipping", "week",     "days",
    "account",  "password", "email",    "phone",      "store",    "price",    "stock",    "colour",
    "jacket",   "shoes",    "kettle",   "headphones", "battery",  "charger",  "mattress", "pillow",
    "the",      "a",        "is",       "to",         "your",     "we",       "can",      "of"};
const std::vector<std::string> kChinese = {
    "退货", "退款", "包邮", "运费险", "没收到", "快递", "物流",   "发货", "签收", "订单", "取消",
    "发票", "保修", "尺码", "优惠券", "地址",   "修改", "支付宝", "微信", "花呗", "耳机", "床垫",
    "商品", "客服", "质量", "问题",   "时间",   "我们", "您的",   "可以", "需要", "申请"};

// A vocabulary the size of a real shop's: the shop words above first, then made-up words, drawn
// with Zipf's law (the k-th word about 1/k as often as the first), as words are in real text.
struct Vocabulary {
  std::vector<std::string> words;
  std::discrete_distribution<std::size_t> pick;
};

Vocabulary english(std::mt19937& rng) {
  Vocabulary v{kEnglish, {}};
  const char* onsets[] = {"b", "c", "d", "f", "g", "l",  "m", "n",
                          "p", "r", "s", "t", "v", "st", "tr"};
  const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ou"};
  while (v.words.size() < 5000) {
    std::string w;
    for (int k = 0; k < 2 + static_cast<int>(rng() % 2); ++k) {
      w += onsets[rng() % 15];
      w += vowels[rng() % 7];
    }
    v.words.push_back(w + onsets[rng() % 15]);
  }
  return v;
}

Vocabulary chinese(std::mt19937& rng) {
  Vocabulary v{kChinese, {}};
  while (v.words.size() < 3000) {
    std::string w;
    for (int k = 0; k < 2; ++k) {
      const char32_t c = 0x4E00 + static_cast<char32_t>(rng() % 2000);
      w += static_cast<char>(0xE0 | (c >> 12));
      w += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      w += static_cast<char>(0x80 | (c & 0x3F));
    }
    v.words.push_back(w);
  }
  return v;
}

void zipf(Vocabulary& v) {
  std::vector<double> weights;
  for (std::size_t k = 0; k < v.words.size(); ++k) weights.push_back(1.0 / (k + 1.0));
  v.pick = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
}

std::string words(std::mt19937& rng, Vocabulary& from, int n, const char* sep) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i > 0) out += sep;
    out += from.words[from.pick(rng)];
  }
  return out;
}

struct Article {
  std::string title;
  std::string body;
  bool zh;
};

// CPU time of this thread in ms: unlike wall time, not inflated when other processes share
// the cores.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int article_count = argc > 1 ? std::stoi(argv[1]) : 10000;
  const int query_count = argc > 2 ? std::stoi(argv[2]) : 2000;
  std::mt19937 rng(20261123);
  Vocabulary en = english(rng);
  Vocabulary cn = chinese(rng);
  zipf(en);
  zipf(cn);
  std::vector<Article> articles;
  for (int i = 0; i < article_count; ++i) {
    const bool zh = i % 3 == 0;
    auto& vocabulary = zh ? cn : en;
    const char* sep = zh ? "" : " ";
    Article a{words(rng, vocabulary, 4, sep) + " " + std::to_string(i), "", zh};
    for (int line = 0; line < 4; ++line) {
      a.body += words(rng, vocabulary, 15, sep) + (zh ? "。\n" : ".\n");
    }
    articles.push_back(std::move(a));
  }
  std::vector<std::string> queries;
  for (int i = 0; i < query_count; ++i) {
    const bool zh = i % 3 == 0;
    queries.push_back(words(rng, zh ? cn : en, 2 + static_cast<int>(rng() % 5), zh ? "" : " "));
  }

  // Ours.
  SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  // With the word vectors the server reads (knowledge_base/word_meaning), when built.
  const std::shared_ptr<const kefu::kb::WordVectors> word_vectors =
      kefu::kb::WordVectors::open(std::nullopt);
  std::printf("word vectors: %s\n", word_vectors ? "yes" : "none (letters only)");
  kefu::kb::KnowledgeBase kb(db, word_vectors);
  auto start = Clock::now();
  {
    std::vector<kefu::kb::ArticleDraft> drafts;
    for (const Article& a : articles) {
      kefu::kb::ArticleDraft d;
      d.title = a.title;
      d.body = a.body;
      d.locale = a.zh ? "zh" : "en";
      drafts.push_back(std::move(d));
    }
    kb.create_many(drafts, "bench", 0, kefu::kb::ArticleStatus::kPublished);
  }
  const double ours_build_s = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> ours_ms;
  std::vector<double> ours_cpu;
  kefu::kb::SearchOptions options;
  // The first search after a change reads the term counts and row lengths: timed on its own.
  const auto first = Clock::now();
  (void)kb.search("warm up", options);
  const double first_ms = std::chrono::duration<double, std::milli>(Clock::now() - first).count();
  for (const std::string& q : queries) {
    const auto t = Clock::now();
    const double c = cpu_ms();
    const auto r = kb.search(q, options);
    ours_cpu.push_back(cpu_ms() - c);
    ours_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
    if (r.hits.size() > 50) return 3;  // keeps the search from being optimised away
  }

  // Baseline: plain FTS5 porter unicode61, OR-joined quoted words, bm25, top 5.
  SQLite::Database base(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  base.exec("CREATE VIRTUAL TABLE b USING fts5(title, body, tokenize='porter unicode61')");
  start = Clock::now();
  {
    SQLite::Transaction tx(base);
    SQLite::Statement insert(base, "INSERT INTO b(title, body) VALUES(?, ?)");
    for (const Article& a : articles) {
      insert.reset();
      insert.bind(1, a.title);
      insert.bind(2, a.body);
      insert.exec();
    }
    base.exec("INSERT INTO b(b) VALUES('optimize')");
    tx.commit();
  }
  const double base_build_s = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> base_ms;
  std::vector<double> base_cpu;
  SQLite::Statement search(base,
                           "SELECT rowid, snippet(b, 1, '[', ']', '…', 24) FROM b "
                           "WHERE b MATCH ? ORDER BY rank LIMIT 5");
  for (const std::string& q : queries) {
    const auto t = Clock::now();
    const double c = cpu_ms();
    const std::string match = kefu::kb::match_any(kefu::kb::unicode61_words(q));
    if (!match.empty()) {
      search.reset();
      search.bind(1, match);
      while (search.executeStep()) {
      }
    }
    base_cpu.push_back(cpu_ms() - c);
    base_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t).count());
  }

  const double ours_rate = article_count / ours_build_s;
  const double base_rate = article_count / base_build_s;
  std::printf("articles %d, queries %d (a third Chinese)\n", article_count, query_count);
  std::printf("first search after a change (reads term counts): %.1f ms\n", first_ms);
  std::printf("%-26s %12s %12s %8s\n", "", "kefu", "baseline", "ratio");
  std::printf("%-26s %12.0f %12.0f %8.2f\n", "index build (articles/s)", ours_rate, base_rate,
              ours_rate / base_rate);
  for (const auto& [name, p] :
       {std::pair{"search p50 (ms)", 0.5}, std::pair{"search p99 (ms)", 0.99}}) {
    const double o = percentile(ours_ms, p);
    const double b = percentile(base_ms, p);
    std::printf("%-26s %12.3f %12.3f %8.2f\n", name, o, b, o / b);
  }
  for (const auto& [name, p] :
       {std::pair{"search p50 CPU (ms)", 0.5}, std::pair{"search p99 CPU (ms)", 0.99}}) {
    const double o = percentile(ours_cpu, p);
    const double b = percentile(base_cpu, p);
    std::printf("%-26s %12.3f %12.3f %8.2f\n", name, o, b, o / b);
  }
  std::printf(
      "{\"articles\":%d,\"build_per_s\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
      "\"p99_cpu_ms\":%.3f,\"baseline\":{\"build_per_s\":%.0f,\"p50_ms\":%.3f,"
      "\"p99_ms\":%.3f,\"p99_cpu_ms\":%.3f}}\n",
      article_count, ours_rate, percentile(ours_ms, 0.5), percentile(ours_ms, 0.99),
      percentile(ours_cpu, 0.99), base_rate, percentile(base_ms, 0.5), percentile(base_ms, 0.99),
      percentile(base_cpu, 0.99));
  return 0;
}
