#include "knowledge_base/markdown_article.hpp"

#include <sstream>
#include <stdexcept>

namespace kefu::kb {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

// Removes surrounding quotes: "..." with \" and \\ escapes, or '...' taken as it is.
std::string unquote(const std::string& raw) {
  const std::string s = trim(raw);
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') return s.substr(1, s.size() - 2);
  if (s.empty() || s.front() != '"') return s;
  if (s.size() < 2 || s.back() != '"') throw std::invalid_argument("unterminated quote: " + s);
  std::string out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] == '\\' && i + 2 < s.size()) {
      ++i;
      if (s[i] != '"' && s[i] != '\\') throw std::invalid_argument("unknown escape in: " + s);
    }
    out += s[i];
  }
  return out;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> parse_tags(std::string value) {
  value = trim(value);
  if (!value.empty() && value.front() == '[') {
    if (value.back() != ']') throw std::invalid_argument("tags: missing ']'");
    value = value.substr(1, value.size() - 2);
  }
  std::vector<std::string> tags;
  std::stringstream in(value);
  std::string tag;
  while (std::getline(in, tag, ',')) {
    tag = unquote(tag);
    if (!tag.empty()) tags.push_back(tag);
  }
  return tags;
}

}  // namespace

MarkdownArticle parse_markdown_article(const std::string& text) {
  std::string rest = text;
  if (rest.rfind("\xEF\xBB\xBF", 0) == 0) rest.erase(0, 3);  // UTF-8 byte order mark
  std::istringstream in(rest);
  std::string line;
  if (!std::getline(in, line) || trim(line) != "---") {
    throw std::invalid_argument("the file does not start with front matter ('---')");
  }
  MarkdownArticle article;
  bool closed = false;
  bool has_title = false;
  while (std::getline(in, line)) {
    if (trim(line) == "---") {
      closed = true;
      break;
    }
    if (trim(line).empty() || trim(line).front() == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos) throw std::invalid_argument("front matter line without ':'");
    const std::string key = trim(line.substr(0, colon));
    const std::string value = line.substr(colon + 1);
    if (key == "title") {
      article.draft.title = unquote(value);
      has_title = true;
    } else if (key == "slug" || key == "id") {
      article.draft.slug = unquote(value);
    } else if (key == "tags") {
      article.draft.tags = parse_tags(value);
    } else if (key == "locale") {
      article.draft.locale = unquote(value);
    } else if (key == "status") {
      article.status = parse_status(unquote(value));
    } else {
      throw std::invalid_argument("unknown front matter key '" + key + "'");
    }
  }
  if (!closed) throw std::invalid_argument("front matter is not closed with '---'");
  if (!has_title) throw std::invalid_argument("front matter has no title");
  std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!body.empty() && (body.front() == '\n' || body.front() == '\r')) body.erase(0, 1);
  article.draft.body = body;
  return article;
}

std::string render_markdown_article(const Article& a) {
  std::string out = "---\n";
  out += "title: " + quote(a.title) + "\n";
  out += "slug: " + a.slug + "\n";
  out += "tags: [";
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    if (i > 0) out += ", ";
    out += quote(a.tags[i]);
  }
  out += "]\n";
  out += "locale: " + a.locale + "\n";
  out += std::string("status: ") + to_string(a.status) + "\n";
  out += "---\n\n";
  out += a.body;
  return out;
}

}  // namespace kefu::kb
