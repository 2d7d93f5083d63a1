#pragma once

#include <string>
#include <string_view>

namespace kefu::workspace {

// The content type of an attachment, from its first bytes (never from what the uploader
// claims): image/png, image/jpeg, image/gif, image/webp or application/pdf; "" for anything
// else (HTML, SVG, scripts, archives...), which is not accepted.
std::string sniff_attachment_type(std::string_view bytes);

// A file name safe to show and to put in a header: at most 120 bytes of valid UTF-8 without
// control characters, quotes, backslashes or slashes ("file" when nothing is left).
std::string clean_attachment_name(std::string_view name);

}  // namespace kefu::workspace
