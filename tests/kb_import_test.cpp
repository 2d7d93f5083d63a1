#include <catch2/catch.hpp>
#include <fstream>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/markdown_article.hpp"

using namespace kefu::kb;

namespace {
void write(const std::filesystem::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}
}  // namespace

TEST_CASE("front matter is read", "[kb][import]") {
  const auto a = parse_markdown_article(
      "---\ntitle: \"Returns: the \\\"30 day\\\" rule\"\nslug: returns\ntags: [returns, "
      "\"policy\"]\nlocale: en\nstatus: published\n---\n\n# Returns\nSend it back.\n");
  CHECK(a.draft.title == "Returns: the \"30 day\" rule");
  CHECK(a.draft.slug == "returns");
  CHECK(a.draft.tags == std::vector<std::string>{"returns", "policy"});
  CHECK(a.status == ArticleStatus::kPublished);
  CHECK(a.draft.body == "# Returns\nSend it back.\n");
  CHECK(parse_markdown_article("---\ntitle: x\nid: abc\ntags: a, b\n---\nbody").draft.slug ==
        "abc");
  CHECK_THROWS_AS(parse_markdown_article("no front matter"), std::invalid_argument);
  CHECK_THROWS_AS(parse_markdown_article("---\ntitle: x\n"), std::invalid_argument);
  CHECK_THROWS_AS(parse_markdown_article("---\nslug: x\n---\n"), std::invalid_argument);
  CHECK_THROWS_AS(parse_markdown_article("---\ntitle: x\ncolour: red\n---\n"),
                  std::invalid_argument);
  CHECK_THROWS_AS(parse_markdown_article("---\ntitle: x\nstatus: live\n---\n"),
                  std::invalid_argument);
}

TEST_CASE("a folder is imported, re-imported and exported", "[kb][import]") {
  test::TempDir dir;
  write(
      dir.path() / "returns.md",
      "---\ntitle: 退货政策\ntags: [退货]\nlocale: zh\nstatus: published\n---\n七天无理由退货。\n");
  write(dir.path() / "draft.md", "---\ntitle: Coming soon\nstatus: draft\n---\nNot yet.\n");
  write(dir.path() / "notes.txt", "ignored");
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  auto report = kb.import_markdown_dir(dir.path(), "importer", 100);
  CHECK(report.created == 2);
  auto returns = kb.get_by_slug("returns");
  REQUIRE(returns);
  CHECK(returns->status == ArticleStatus::kPublished);
  CHECK(returns->locale == "zh");
  CHECK(kb.versions(returns->id)[0].author == "importer");
  CHECK(kb.search("退货").hits.size() == 1);
  CHECK(kb.search("coming soon").hits.empty());

  report = kb.import_markdown_dir(dir.path(), "importer", 200);
  CHECK(report.unchanged == 2);
  write(dir.path() / "returns.md",
        "---\ntitle: 退货政策\nlocale: zh\nstatus: published\n---\n十四天无理由退货。\n");
  report = kb.import_markdown_dir(dir.path(), "importer", 300);
  CHECK(report.updated == 1);
  CHECK(kb.get_by_slug("returns")->version == 2);

  test::TempDir out;
  CHECK(kb.export_markdown_dir(out.path()) == 2);
  auto copy_db = test::memory_db();
  KnowledgeBase copy(copy_db);
  CHECK(copy.import_markdown_dir(out.path(), "importer", 400).created == 2);
  const auto copied = copy.get_by_slug("returns");
  REQUIRE(copied);
  CHECK(copied->body == kb.get_by_slug("returns")->body);
  CHECK(copied->status == ArticleStatus::kPublished);
  CHECK(copy.get_by_slug("draft")->status == ArticleStatus::kDraft);
}

TEST_CASE("one bad file imports nothing", "[kb][import]") {
  test::TempDir dir;
  write(dir.path() / "a.md", "---\ntitle: Good\nstatus: published\n---\nfine\n");
  write(dir.path() / "b.md", "---\ntitle: Bad\nlocale: fr\n---\nnope\n");
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  CHECK_THROWS_WITH(kb.import_markdown_dir(dir.path(), "importer", 1), Catch::Contains("b.md"));
  CHECK(kb.list().empty());
  CHECK(kb.search("good").hits.empty());
  CHECK_THROWS_AS(kb.import_markdown_dir(dir.path() / "missing", "importer", 1),
                  std::invalid_argument);
}

TEST_CASE("the demo articles import and answer shop questions", "[kb][import]") {
  auto db = test::memory_db();
  KnowledgeBase kb(db);
  const auto report = kb.import_markdown_dir(
      std::filesystem::path(KEFU_SOURCE_DIR) / "knowledge_base/demo", "demo", 1);
  CHECK(report.created >= 15);
  const auto top_slug = [&](const char* q) {
    const auto r = kb.search(q);
    return r.hits.empty() ? std::string() : r.hits[0].slug;
  };
  CHECK(top_slug("我要退货") == "returns-zh");
  CHECK(top_slug("包邮吗") == "free-shipping-zh");
  CHECK(top_slug("运费险怎么用") == "shipping-insurance-zh");
  CHECK(top_slug("我没收到包裹") == "order-not-received-zh");
  CHECK(top_slug("how do I return an item") == "returns-en");
  CHECK(top_slug("where is my parcel tracking number") == "tracking-en");
}
