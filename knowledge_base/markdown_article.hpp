#pragma once

#include <string>

#include "knowledge_base/article.hpp"

namespace kefu::kb {

// An article as a Markdown file: the draft and the status its front matter asks for.
struct MarkdownArticle {
  ArticleDraft draft;
  ArticleStatus status = ArticleStatus::kDraft;
};

// Reads a Markdown file with front matter: the first line is `---`, then `key: value` lines
// (title, slug or id, tags as `[a, b]` or `a, b`, locale, status), then `---` and the body.
// Values may be in double quotes with \" and \\ escapes. Missing front matter or title, an
// unknown key or a bad value throws std::invalid_argument; the draft is not yet validate()d.
MarkdownArticle parse_markdown_article(const std::string& text);

// Writes `article` in the form parse_markdown_article() reads back unchanged.
std::string render_markdown_article(const Article& article);

}  // namespace kefu::kb
