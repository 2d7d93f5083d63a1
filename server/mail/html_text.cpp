#include "server/mail/html_text.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>

namespace kefu::mail {
namespace {

bool named(const xmlNode* node, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (xmlStrcasecmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0) return true;
  }
  return false;
}

// Appends text, collapsing whitespace runs to one space (newlines are added by blocks only).
void add_text(std::string& out, const char* text) {
  for (const char* p = text; *p != '\0'; ++p) {
    const bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
    } else {
      out += *p;
    }
  }
}

void drop_trailing_spaces(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
}

// Ends the current line (a block's edge): at most one line break.
void end_line(std::string& out) {
  drop_trailing_spaces(out);
  if (!out.empty() && out.back() != '\n') out += '\n';
}

// Ends a paragraph: one empty line after it.
void end_paragraph(std::string& out) {
  end_line(out);
  if (out.size() >= 2 && out[out.size() - 2] != '\n') out += '\n';
}

void collect(const xmlNode* node, std::string& out, int depth) {
  if (depth > 200) return;  // libxml2 limits depth too; this keeps the recursion bounded
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content != nullptr) add_text(out, reinterpret_cast<const char*>(n->content));
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    if (named(n, {"head", "script", "style", "template", "title", "noscript"})) continue;
    if (named(n, {"br"})) {
      drop_trailing_spaces(out);
      out += '\n';
      continue;
    }
    const bool paragraph = named(n, {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
                                     "table", "ul", "ol", "hr"});
    const bool block = paragraph || named(n, {"div", "li", "tr", "section", "article", "header",
                                              "footer", "dd", "dt"});
    if (block) end_line(out);
    collect(n->children, out, depth + 1);
    if (paragraph) {
      end_paragraph(out);
    } else if (block) {
      end_line(out);
    }
  }
}

}  // namespace

std::string text_of_html(const std::string& html) {
  if (html.empty()) return {};
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_NOBLANKS;
  std::unique_ptr<xmlDoc, void (*)(xmlDoc*)> doc(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8", options),
      xmlFreeDoc);
  if (!doc) return {};
  std::string out;
  collect(xmlDocGetRootElement(doc.get()), out, 0);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  std::size_t start = out.find_first_not_of("\n ");
  return start == std::string::npos ? std::string() : out.substr(start);
}

}  // namespace kefu::mail
