#pragma once

#include <gmime/gmime.h>

#include <cstddef>
#include <string>

namespace kefu::mail {

// What the composers of outgoing mail (ReplyComposer, NoticeComposer) share, on GMime 3.

// Releases a GObject (for std::unique_ptr<GMime..., GObjectUnref>).
struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};

// The domain of `address` (after its last '@'), for a Message-ID; "kefu.invalid" without one.
std::string domain_of(const std::string& address);

// `bytes` random bytes (libsodium) as lower-case hex.
std::string random_hex(std::size_t bytes);

// A text/`subtype` part holding `text` (UTF-8); GMime sets its charset (us-ascii or utf-8).
// The caller owns the part.
GMimeTextPart* text_part(const char* subtype, const std::string& text);

// `message` encoded for 7-bit transport, as the bytes SMTP sends (CRLF line ends).
std::string wire_bytes(GMimeMessage* message);

}  // namespace kefu::mail
