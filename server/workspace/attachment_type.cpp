#include "server/workspace/attachment_type.hpp"

namespace kefu::workspace {

std::string sniff_attachment_type(std::string_view b) {
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return "image/png";
  if (b.starts_with("\xff\xd8\xff")) return "image/jpeg";
  if (b.starts_with("GIF87a") || b.starts_with("GIF89a")) return "image/gif";
  if (b.size() >= 12 && b.starts_with("RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  if (b.starts_with("%PDF-")) return "application/pdf";
  return {};
}

std::string clean_attachment_name(std::string_view name) {
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    const auto c = static_cast<unsigned char>(name[i]);
    std::size_t length = c < 0x80           ? 1
                         : (c >> 5) == 0x6  ? 2
                         : (c >> 4) == 0xE  ? 3
                         : (c >> 3) == 0x1E ? 4
                                            : 0;
    bool valid = length > 0 && i + length <= name.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      valid = (static_cast<unsigned char>(name[i + k]) & 0xC0) == 0x80;
    }
    if (!valid) {
      ++i;
      continue;
    }
    const bool unsafe =
        length == 1 && (c < 0x20 || c == 0x7F || c == '"' || c == '\\' || c == '/' || c == ';');
    if (!unsafe) {
      if (out.size() + length > 120) break;
      out.append(name.substr(i, length));
    }
    i += length;
  }
  const auto first = out.find_first_not_of(" .");
  out = first == std::string::npos ? std::string() : out.substr(first);
  return out.empty() ? "file" : out;
}

}  // namespace kefu::workspace
