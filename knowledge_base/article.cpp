#include "knowledge_base/article.hpp"

#include <unicode/utf8.h>

#include <stdexcept>

namespace kefu::kb {
namespace {

// Number of code points in `text`, or -1 when it is not valid UTF-8.
int64_t code_points(const std::string& text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int64_t count = 0;
  for (int32_t i = 0; i < length; ++count) {
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0) return -1;
  }
  return count;
}

void check_text(const std::string& text, const char* field, int64_t min, int64_t max) {
  const int64_t n = code_points(text);
  if (n < 0) throw std::invalid_argument(std::string(field) + " is not valid UTF-8");
  if (n < min) throw std::invalid_argument(std::string(field) + " is empty");
  if (n > max) throw std::invalid_argument(std::string(field) + " is too long");
}

}  // namespace

const char* to_string(ArticleStatus status) {
  return status == ArticleStatus::kPublished ? "published" : "draft";
}

ArticleStatus parse_status(const std::string& text) {
  if (text == "published") return ArticleStatus::kPublished;
  if (text == "draft") return ArticleStatus::kDraft;
  throw std::invalid_argument("status must be draft or published, not '" + text + "'");
}

void validate(const ArticleDraft& draft) {
  if (draft.slug.size() > 80) throw std::invalid_argument("slug is too long");
  for (char c : draft.slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) throw std::invalid_argument("slug may use only letters, digits, '-', '_' and '.'");
  }
  if (!draft.slug.empty() && draft.slug.front() == '.') {
    throw std::invalid_argument("slug must not start with '.'");
  }
  check_text(draft.title, "title", 1, 200);
  if (draft.body.size() > 200 * 1024) throw std::invalid_argument("body is longer than 200 KB");
  check_text(draft.body, "body", 0, 200 * 1024);
  if (draft.tags.size() > 20) throw std::invalid_argument("an article has at most 20 tags");
  for (const std::string& tag : draft.tags) {
    check_text(tag, "tag", 1, 40);
    if (tag.find(',') != std::string::npos) throw std::invalid_argument("a tag has a comma");
  }
  if (draft.locale != "zh" && draft.locale != "en") {
    throw std::invalid_argument("locale must be zh or en");
  }
}

}  // namespace kefu::kb
