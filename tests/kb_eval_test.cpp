#include <opencc/opencc.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kb_test_support.hpp"
#include "knowledge_base/eval_set.hpp"
#include "knowledge_base/evaluation.hpp"
#include "knowledge_base/kb_command.hpp"

using namespace kefu::kb;

namespace {

std::string data(const std::string& relative) {
  return (std::filesystem::path(KEFU_SOURCE_DIR) / "tests/data" / relative).string();
}

// The last line of `text`, parsed as JSON.
boost::json::object last_json(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  const auto start = text.rfind('\n', end);
  return boost::json::parse(text.substr(start + 1, end - start)).as_object();
}

double field(const boost::json::object& o, const char* name) {
  return o.at(name).to_number<double>();
}

}  // namespace

TEST_CASE("kb eval on the small fixture prints figures and one JSON line", "[kb][eval]") {
  std::ostringstream out;
  const int rc = run_kb_command({"eval", "--articles", data("kb-fixture/articles.csv"), "--queries",
                                 data("kb-fixture/queries.csv")},
                                out);
  INFO(out.str());
  REQUIRE(rc == 0);
  CHECK(out.str().find("Recall@1") != std::string::npos);
  const auto json = last_json(out.str());
  for (const auto* key :
       {"r1", "r5", "mrr10", "auto_precision", "auto_coverage", "no_answer_handoff"}) {
    CHECK(json.contains(key));
    CHECK(json.at("baseline").as_object().contains(key));
  }
  // Ours reads the Chinese questions, which the unicode61 baseline cannot split.
  CHECK(field(json, "r1") >= 0.9);
  CHECK(field(json, "r1") > field(json.at("baseline").as_object(), "r1"));
  CHECK(field(json, "r5") >= field(json, "r1"));
}

TEST_CASE("kb command errors are reported, not thrown", "[kb][eval]") {
  std::ostringstream out;
  CHECK(run_kb_command({}, out) == 2);
  CHECK(run_kb_command({"frobnicate"}, out) == 2);
  CHECK(run_kb_command({"eval", "--articles"}, out) == 2);
  CHECK(run_kb_command({"eval", "--articles", "x.csv"}, out) == 2);
  CHECK(run_kb_command({"eval", "--articles", "/missing.csv", "--queries", "/missing.csv"}, out) ==
        1);
  CHECK(out.str().find("error: cannot open /missing.csv") != std::string::npos);
  CHECK(run_kb_command({"import", "--db", ":memory:"}, out) == 2);
  // Word vectors asked for by name must be there; `none` searches by letters only.
  std::ostringstream vectors;
  CHECK(run_kb_command({"eval", "--articles", data("kb-fixture/articles.csv"), "--queries",
                        data("kb-fixture/queries.csv"), "--word-vectors", "/missing.bin"},
                       vectors) == 1);
  CHECK(vectors.str().find("error: word vectors /missing.bin") != std::string::npos);
  std::ostringstream letters;
  CHECK(run_kb_command({"eval", "--articles", data("kb-fixture/articles.csv"), "--queries",
                        data("kb-fixture/queries.csv"), "--word-vectors", "none"},
                       letters) == 0);
  CHECK(letters.str().find("Recall@1") != std::string::npos);
}

TEST_CASE("kb import, search and export work against a database file", "[kb][eval]") {
  test::TempDir dir;
  const std::string db = (dir.path() / "kb.db").string();
  std::ostringstream out;
  const std::string demo =
      (std::filesystem::path(KEFU_SOURCE_DIR) / "knowledge_base/demo").string();
  REQUIRE(run_kb_command({"kb", "import", demo, "--db", db}, out) == 0);
  CHECK(out.str().find("created") != std::string::npos);
  std::ostringstream found;
  REQUIRE(run_kb_command({"search", "包邮吗", "--db", db}, found) == 0);
  CHECK(found.str().find("free-shipping-zh") != std::string::npos);
  REQUIRE(run_kb_command({"export", (dir.path() / "out").string(), "--db", db}, out) == 0);
  CHECK(std::filesystem::exists(dir.path() / "out/free-shipping-zh.md"));
}

TEST_CASE("an intent data set converts as the data README describes", "[kb][eval]") {
  const EvalSet set = EvalSet::from_intents(data("kb-eval/hint3/sofmattress_train.csv"),
                                            data("kb-eval/hint3/sofmattress_test.csv"));
  CHECK(set.articles.size() == 21);
  CHECK(set.queries.size() == 397);
  std::size_t no_answer = 0;
  for (const auto& q : set.queries) no_answer += q.article_id.empty() ? 1 : 0;
  CHECK(no_answer > 0);
  test::TempDir dir;
  set.write((dir.path() / "a.csv").string(), (dir.path() / "q.csv").string());
  const EvalSet back =
      EvalSet::read((dir.path() / "a.csv").string(), (dir.path() / "q.csv").string());
  CHECK(back.articles.size() == set.articles.size());
  CHECK(back.articles[3].body == set.articles[3].body);
  CHECK(back.queries[10].text == set.queries[10].text);
}

namespace {
EvalReport run_full(const char* train, const char* test) {
  const EvalSet set = EvalSet::from_intents(data(train), data(test));
  // The word vectors the build derives (scripts/install-deps installs their source).
  static const auto words = std::make_shared<const WordVectors>(WordVectors::default_path());
  const EvalReport r = evaluate_both(set, words);
  WARN(train << ": R@1 " << r.ours.r1 << " (baseline " << r.baseline.r1 << "), auto precision "
             << r.ours.auto_precision.value_or(-1) << ", coverage "
             << r.ours.auto_coverage.value_or(-1) << ", no-answer hand-off "
             << r.ours.no_answer_handoff.value_or(-1));
  return r;
}
}  // namespace

TEST_CASE("Banking77: ours beats the baseline and reaches R@1 0.91", "[kb][eval][slow]") {
  const EvalReport r = run_full("kb-eval/banking77/train.csv", "kb-eval/banking77/test.csv");
  CHECK(r.ours.r1 >= 0.91);  // issue #26: no regression (0.914 before it)
  CHECK(r.ours.r1 > r.baseline.r1);
}

TEST_CASE(
    // No semicolon in the name: catch_discover_tests splits test names at it, and ctest then
    // ran two names that match no test case (and passed without running the evaluation).
    "HINT3 shops: ours beats the baseline and reaches R@1 0.80, automatic answers are "
    "90 % precise and leave half the unanswerable questions to a person",
    "[kb][eval][slow]") {
  for (const auto& shop : {"curekart", "sofmattress"}) {
    const std::string train = std::string("kb-eval/hint3/") + shop + "_train.csv";
    const std::string test = std::string("kb-eval/hint3/") + shop + "_test.csv";
    const EvalReport r = run_full(train.c_str(), test.c_str());
    CHECK(r.ours.r1 > r.baseline.r1);
    CHECK(r.ours.r1 >= 0.80);
    REQUIRE(r.ours.auto_precision);
    CHECK(*r.ours.auto_precision >= 0.90);
    REQUIRE(r.ours.no_answer_handoff);
    CHECK(*r.ours.no_answer_handoff >= 0.5);
  }
}

namespace {
EvalReport run_zh_shop(const char* queries) {
  const EvalSet set = EvalSet::read(data("kb-eval/zh-shop/articles.csv"),
                                    data(std::string("kb-eval/zh-shop/") + queries));
  const EvalReport r = evaluate_both(set, nullptr);
  WARN("zh-shop " << queries << ": R@1 " << r.ours.r1 << " (baseline " << r.baseline.r1 << "), R@5 "
                  << r.ours.r5 << ", auto coverage " << r.ours.auto_coverage.value_or(-1));
  return r;
}
}  // namespace

TEST_CASE(
    "zh-shop: Chinese as shoppers write it, Traditional no worse than Simplified, typos found",
    "[kb][eval][zh]") {
  // Floors a little under what issue #26 reached (round 4, as read here: test 0.893,
  // Simplified 0.875, Traditional 0.969, typos 0.906; blind 0.884, blind2 0.918, test_chatter
  // 0.855; with word vectors test 0.899, automatic answers 0.989 precise at coverage 0.547;
  // round 3: test 0.837, Simplified 0.844,
  // Traditional 0.875, typos 0.875, automatic answers 0.978 precise at coverage 0.566; blind
  // 0.884; round 2: test 0.792, coverage 0.113; the search before it: 0.604 / 0.719 / 0.531 /
  // 0.656, no automatic answers).
  const EvalReport all = run_zh_shop("test.csv");
  CHECK(all.ours.r1 >= 0.85);
  CHECK(all.ours.r1 > all.baseline.r1);
  REQUIRE(all.ours.no_answer_handoff);
  CHECK(*all.ours.no_answer_handoff >= 0.5);
  // The article titles calibrate the automatic answers (evaluation.cpp).
  REQUIRE(all.ours.auto_precision);
  CHECK(*all.ours.auto_precision >= 0.90);
  CHECK(all.ours.auto_coverage.value_or(0) >= 0.3);
  const EvalReport simplified = run_zh_shop("test_simplified.csv");
  const EvalReport traditional = run_zh_shop("test_traditional.csv");
  const EvalReport typo = run_zh_shop("test_typo.csv");
  CHECK(simplified.ours.r1 >= 0.80);
  CHECK(traditional.ours.r1 >= 0.80);
  CHECK(traditional.ours.r1 >= simplified.ours.r1);
  CHECK(typo.ours.r1 >= 0.80);
  // The blind set (never tuned on) as a floor, not a target.
  const EvalReport blind = run_zh_shop("blind.csv");
  CHECK(blind.ours.r1 >= 0.85);
  REQUIRE(blind.ours.auto_precision);
  CHECK(*blind.ours.auto_precision >= 0.90);
  // The second blind set (round 4, written before that round's changes) and the test questions
  // inside chat chatter whose phrases were never tuned on.
  const EvalReport blind2 = run_zh_shop("blind2.csv");
  CHECK(blind2.ours.r1 >= 0.88);
  REQUIRE(blind2.ours.auto_precision);
  CHECK(*blind2.ours.auto_precision >= 0.90);
  CHECK(run_zh_shop("test_chatter.csv").ours.r1 >= 0.82);
  // The third blind set (round 6, written before that round's changes, measured once before and
  // once after them: 0.887 -> 0.901 with word vectors) as a floor.
  const EvalReport blind3 = run_zh_shop("blind3.csv");
  CHECK(blind3.ours.r1 >= 0.85);
  REQUIRE(blind3.ours.auto_precision);
  CHECK(*blind3.ours.auto_precision >= 0.90);
}

namespace {
// `text` converted by OpenCC's configuration `config` (s2twp.json: Taiwan's characters and
// phrases, 信息 as 資訊; s2hk.json: Hong Kong's characters).
std::string opencc_convert(const char* config, const std::string& text) {
  const opencc_t od = opencc_open(config);
  REQUIRE(od != reinterpret_cast<opencc_t>(-1));
  char* converted = opencc_convert_utf8(od, text.c_str(), text.size());
  std::string out(converted);
  opencc_convert_utf8_free(converted);
  opencc_close(od);
  return out;
}
}  // namespace

TEST_CASE(
    "zh-shop: the test questions written in Taiwan's or Hong Kong's Traditional find "
    "what they find in Simplified",
    "[kb][eval][zh]") {
  const EvalSet simplified =
      EvalSet::read(data("kb-eval/zh-shop/articles.csv"), data("kb-eval/zh-shop/test.csv"));
  const double r1 = evaluate_both(simplified, nullptr).ours.r1;
  std::size_t answerable = 0;
  for (const auto& q : simplified.queries) answerable += q.article_id.empty() ? 0 : 1;
  for (const char* config : {"s2twp.json", "s2hk.json"}) {
    EvalSet traditional = simplified;
    std::size_t changed = 0;
    for (auto& q : traditional.queries) {
      const std::string written = opencc_convert(config, q.text);
      changed += written != q.text ? 1 : 0;
      q.text = written;
    }
    CHECK(changed > answerable / 2);  // the conversion did write most questions otherwise
    const double converted = evaluate_both(traditional, nullptr).ours.r1;
    WARN("zh-shop test.csv through " << config << ": R@1 " << converted << " (as written " << r1
                                     << ")");
    // At most one question of the set fewer.
    CHECK(converted >= r1 - 1.0 / static_cast<double>(answerable) - 1e-9);
  }
}

TEST_CASE("kb eval replays a share of a file's lines as agents' picks", "[kb][eval][learned]") {
  const auto args = [](const std::string& share) {
    return std::vector<std::string>{"eval",
                                    "--articles",
                                    data("kb-fixture/articles.csv"),
                                    "--queries",
                                    data("kb-fixture/queries.csv"),
                                    "--learn-from",
                                    data("kb-fixture/queries.csv"),
                                    "--learn-share",
                                    share,
                                    "--word-vectors",
                                    "none"};
  };
  std::ostringstream half;
  REQUIRE(run_kb_command(args("0.5"), half) == 0);
  INFO(half.str());
  CHECK(half.str().find("replayed 6 of 12 answered lines as agents' picks") != std::string::npos);
  // The JSON line keeps its fields; the questions replayed are found at least as well.
  std::ostringstream none;
  REQUIRE(run_kb_command(args("0"), none) == 0);
  CHECK(none.str().find("replayed 0 of 12") != std::string::npos);
  const auto learnt = last_json(half.str());
  CHECK(field(learnt, "r1") >= field(last_json(none.str()), "r1"));
  CHECK(learnt.at("baseline").as_object().contains("r1"));
  // A share outside 0..1 or not a number is a usage error.
  std::ostringstream bad;
  CHECK(run_kb_command(args("1.5"), bad) == 2);
  CHECK(run_kb_command(args("half"), bad) == 2);
  CHECK(bad.str().find("--learn-share") != std::string::npos);
}

TEST_CASE("kb eval --misses writes each question ours did not rank first", "[kb][eval]") {
  const test::TempDir dir;
  const std::string out = (dir.path() / "misses.txt").string();
  std::ostringstream printed;
  REQUIRE(
      run_kb_command({"eval", "--articles", data("kb-eval/zh-shop/articles.csv"), "--queries",
                      data("kb-eval/zh-shop/dev.csv"), "--word-vectors", "none", "--misses", out},
                     printed) == 0);
  const auto json = last_json(printed.str());
  std::ifstream in(out);
  std::string line;
  int misses = 0;
  while (std::getline(in, line)) {
    INFO(line);
    CHECK(line.rfind("miss ", 0) == 0);
    CHECK(line.find(" | want ") != std::string::npos);
    CHECK(line.find(" | got ") != std::string::npos);
    ++misses;
  }
  // As many as the answerable questions Recall@1 leaves out (161 answerable on dev).
  CHECK(misses == static_cast<int>(std::lround((1 - field(json, "r1")) * 161)));
  CHECK(misses > 0);
  std::ostringstream bad;
  CHECK(run_kb_command({"eval", "--articles", data("kb-eval/zh-shop/articles.csv"), "--queries",
                        data("kb-eval/zh-shop/dev.csv"), "--misses", "/nonexistent/dir/m.txt"},
                       bad) == 1);
}
