#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kefu::kb {

// Whether customers and agents may see an article.
enum class ArticleStatus { kDraft, kPublished };

// "draft" / "published"; parse_status throws std::invalid_argument on anything else.
const char* to_string(ArticleStatus status);
ArticleStatus parse_status(const std::string& text);

// What an author writes: the content of one version of an article.
struct ArticleDraft {
  std::string slug;               // stable name (file name on export); empty = "article-<id>"
  std::string title;              // plain text, 1..200 characters
  std::string body;               // Markdown, at most 200 KB
  std::vector<std::string> tags;  // each 1..40 characters, no commas
  std::string locale = "en";      // "zh" or "en"
};

// An article as stored: its latest version and its status.
struct Article {
  std::int64_t id = 0;
  std::string slug;
  std::string title;
  std::string body;
  std::vector<std::string> tags;
  std::string locale;
  ArticleStatus status = ArticleStatus::kDraft;
  int version = 0;              // number of the latest version, from 1
  std::int64_t created_at = 0;  // ms since the epoch, server clock
  std::int64_t updated_at = 0;
};

// One saved version of an article, kept forever.
struct ArticleVersion {
  std::int64_t article_id = 0;
  int version = 0;
  std::string title;
  std::string body;
  std::vector<std::string> tags;
  std::string locale;
  std::string author;
  std::int64_t created_at = 0;
};

}  // namespace kefu::kb

namespace kefu::kb {

// Throws std::invalid_argument naming the first field of `draft` that breaks the rules above
// (or that is not valid UTF-8).
void validate(const ArticleDraft& draft);

}  // namespace kefu::kb
