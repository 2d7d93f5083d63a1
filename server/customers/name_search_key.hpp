#pragma once

#include <unicode/uversion.h>

#include <memory>
#include <string>
#include <string_view>

U_NAMESPACE_BEGIN
class Transliterator;
U_NAMESPACE_END

namespace kefu::customers {

// Turns a name (or a search query) into the lower-case ASCII key customers are searched by:
// ICU "Han-Latin; Latin-ASCII" gives pinyin for Chinese ("王小明" -> "wang xiao ming") and strips
// accents elsewhere ("Gonçalves" -> "goncalves"). Building the ICU transliterator is costly, so
// one object is made and reused; it is not thread-safe (one per thread or strand).
class NameSearchKey {
 public:
  // Throws std::runtime_error when ICU lacks the transliteration rules.
  NameSearchKey();
  ~NameSearchKey();
  NameSearchKey(const NameSearchKey&) = delete;
  NameSearchKey& operator=(const NameSearchKey&) = delete;

  // Words of `text` transliterated, lower-cased, separated by single spaces.
  std::string words(std::string_view text) const;

  // The key stored for a name: its words, then "|" and the same words without spaces, so a
  // query typed with or without spaces ("wangxiaoming", "xiao ming") is a substring of it.
  std::string key_for_name(std::string_view name) const;

 private:
  std::unique_ptr<icu::Transliterator> transliterator_;
};

}  // namespace kefu::customers
