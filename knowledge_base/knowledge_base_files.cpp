#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/markdown_article.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::kb {

ImportReport KnowledgeBase::import_markdown_dir(const std::filesystem::path& dir,
                                                const std::string& author, std::int64_t now) {
  check_author(author);
  if (!std::filesystem::is_directory(dir)) {
    throw std::invalid_argument(dir.string() + " is not a folder");
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ImportReport report;
  sql::Transaction tx(db_);
  std::set<std::string> seen;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    MarkdownArticle parsed;
    try {
      parsed = parse_markdown_article(text.str());
      if (parsed.draft.slug.empty()) parsed.draft.slug = file.stem().string();
      validate(parsed.draft);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(file.filename().string() + ": " + e.what());
    }
    if (!seen.insert(parsed.draft.slug).second) {
      throw std::invalid_argument(file.filename().string() + ": slug '" + parsed.draft.slug +
                                  "' appears twice");
    }
    std::int64_t id = 0;
    if (auto old = get_by_slug(parsed.draft.slug)) {
      id = old->id;
      const bool same = old->title == parsed.draft.title && old->body == parsed.draft.body &&
                        old->tags == parsed.draft.tags && old->locale == parsed.draft.locale;
      if (same) {
        ++report.unchanged;
      } else {
        update(id, parsed.draft, author, now);
        ++report.updated;
      }
    } else {
      id = insert(parsed.draft, author, now);
      ++report.created;
    }
    if (parsed.status == ArticleStatus::kPublished) {
      publish(id, now);
    } else {
      unpublish(id, now);
    }
  }
  optimize_index();
  tx.commit();
  return report;
}

int KnowledgeBase::export_markdown_dir(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  int written = 0;
  for (const Article& a : list()) {
    std::ofstream out(dir / (a.slug + ".md"), std::ios::binary | std::ios::trunc);
    out << render_markdown_article(a);
    if (!out) throw std::runtime_error("cannot write " + (dir / (a.slug + ".md")).string());
    ++written;
  }
  return written;
}

}  // namespace kefu::kb
