#include "knowledge_base/article_fields.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace kefu::kb {

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& t : tags) {
    if (!out.empty()) out += ", ";
    out += t;
  }
  return out;
}

std::vector<std::string> split_tags(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string tag;
  while (std::getline(in, tag, ',')) {
    const auto b = tag.find_first_not_of(' ');
    if (b == std::string::npos) continue;
    out.push_back(tag.substr(b, tag.find_last_not_of(' ') - b + 1));
  }
  return out;
}

std::vector<std::string_view> passages_of(std::string_view body) {
  std::vector<std::string_view> out;
  while (!body.empty() && out.size() < 200) {
    const std::size_t end = std::min(body.find('\n'), body.size());
    const std::string_view line = body.substr(0, end);
    if (line.find_first_not_of(" \t\r#->*") != std::string_view::npos) out.push_back(line);
    body.remove_prefix(std::min(end + 1, body.size()));
  }
  return out;
}

void check_author(const std::string& author) {
  if (author.empty() || author.size() > 200) {
    throw std::invalid_argument("an article version needs an author");
  }
}

}  // namespace kefu::kb
