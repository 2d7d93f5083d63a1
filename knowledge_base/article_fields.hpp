#pragma once

#include <string>
#include <string_view>
#include <vector>

// How an article's fields are kept in the knowledge base's tables: tags as one comma-separated
// column, the body's passages for the passage index, and the author every version names.
namespace kefu::kb {

// "a, b, c" from {a, b, c}.
std::string join_tags(const std::vector<std::string>& tags);

// The tags of a tags column, trimmed, empty ones left out.
std::vector<std::string> split_tags(const std::string& text);

// The passages of a body: its non-blank lines (Markdown paragraphs and list items), at most
// 200 of them. Passage k of article a has the rowid a * kPassageSlots + k, so that a search
// finds the article without reading kb_passages.
std::vector<std::string_view> passages_of(std::string_view body);

// Throws std::invalid_argument unless `author` names someone (1 to 200 bytes).
void check_author(const std::string& author);

}  // namespace kefu::kb
