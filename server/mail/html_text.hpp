#pragma once

#include <string>

namespace kefu::mail {

// The readable text of an HTML mail body (UTF-8 in and out), parsed with libxml2's HTML parser
// (never by hand): the text of the document's elements with a line break at each block's edges
// (br, div, li, tr...; an empty line after p, headings, lists, tables), runs of spaces collapsed,
// and nothing of head, script, style or template. Links keep their text only. The result is plain
// text for the console, which never renders it as HTML. Thread-safe.
std::string text_of_html(const std::string& html);

}  // namespace kefu::mail
