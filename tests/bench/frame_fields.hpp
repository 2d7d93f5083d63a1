#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace kefu::load {

// Cheap field extraction from the server's compact JSON frames (Boost.JSON serialises
// `"key":value` without spaces, `type` first). The load generator reads hundreds of thousands
// of frames a second on the cores the server uses, so it does not build a DOM per frame; the
// integration tests check the full frames.

// The string value of the first `"key":"..."` (without unescaping), or "" when absent.
inline std::string_view string_field(std::string_view frame, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":\"";
  const auto at = frame.find(pattern);
  if (at == std::string_view::npos) return {};
  const auto start = at + pattern.size();
  const auto end = frame.find('"', start);
  if (end == std::string_view::npos) return {};
  return frame.substr(start, end - start);
}

// The integer value of the first `"key":N`, or -1 when absent.
inline std::int64_t int_field(std::string_view frame, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":";
  const auto at = frame.find(pattern);
  if (at == std::string_view::npos) return -1;
  const auto start = at + pattern.size();
  if (start >= frame.size() || frame[start] < '0' || frame[start] > '9') return -1;
  return std::strtoll(frame.data() + start, nullptr, 10);
}

// The send time the load generator embedded as "t<nanoseconds>" at the start of a text or
// after the last '.' of a client_id; -1 when there is none.
inline std::int64_t stamp_of(std::string_view s) {
  const auto t = s.find('t');
  if (t == std::string_view::npos || t + 1 >= s.size()) return -1;
  return std::strtoll(s.data() + t + 1, nullptr, 10);
}

}  // namespace kefu::load
