#include "server/json/strict_json.hpp"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <cstring>

namespace kefu {
namespace json = boost::json;

namespace {

class JsonErrorCategory : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "kefu.json"; }
  std::string message(int e) const override {
    return e == static_cast<int>(json_error::duplicate_key) ? "an object names the same key twice"
                                                            : "unknown JSON error";
  }
};

const JsonErrorCategory kJsonErrorCategory;

// A key of an object still being read: where its (unescaped) bytes are in the key text.
struct KeySpan {
  std::size_t offset;
  std::size_t size;
};

// Builds the value exactly as Boost.JSON's own parser does (its detail::handler: a value_stack
// fed by every event), and also keeps the keys of the objects still open, so that an object's
// keys are compared when it ends. Keys of an object that has ended are dropped, so what is held
// is only the keys along the path from the root to the parser's position. The small vectors
// keep an ordinary frame's keys on the stack.
class DuplicateRefusingHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  DuplicateRefusingHandler(json::storage_ptr sp, unsigned char* temp, std::size_t size)
      : values(std::move(sp), temp, size) {}

  json::value_stack values;

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) {
    object_starts_.push_back(keys_.size());
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code& ec) {
    const std::size_t first = object_starts_.back();
    object_starts_.pop_back();
    if (repeats_a_key(first)) {
      ec = json_error::duplicate_key;
      return false;
    }
    if (first < keys_.size()) key_text_.resize(keys_[first].offset);
    keys_.resize(first);
    values.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    values.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    append_key_part(s);
    values.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    append_key_part(s);
    keys_.push_back(KeySpan{key_begin_, key_text_.size() - key_begin_});
    key_open_ = false;
    values.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    values.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    values.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    values.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    values.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view, json::error_code&) {
    values.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    values.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    values.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }

 private:
  // Objects of up to this many keys compare each pair; larger ones sort their keys first.
  static constexpr std::size_t kPairwiseUpTo = 16;

  void append_key_part(json::string_view s) {
    if (!key_open_) {
      key_begin_ = key_text_.size();
      key_open_ = true;
    }
    key_text_.insert(key_text_.end(), s.begin(), s.end());
  }

  std::string_view key(const KeySpan& k) const {
    return std::string_view(key_text_.data() + k.offset, k.size);
  }

  // Whether two of the keys from `first` to the end (one object's) are the same bytes.
  bool repeats_a_key(std::size_t first) const {
    const std::size_t count = keys_.size() - first;
    if (count < 2) return false;
    if (count <= kPairwiseUpTo) {
      for (std::size_t i = first; i < keys_.size(); ++i) {
        for (std::size_t j = i + 1; j < keys_.size(); ++j) {
          if (key(keys_[i]) == key(keys_[j])) return true;
        }
      }
      return false;
    }
    std::vector<std::string_view> sorted;
    sorted.reserve(count);
    for (std::size_t i = first; i < keys_.size(); ++i) sorted.push_back(key(keys_[i]));
    std::sort(sorted.begin(), sorted.end());
    return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
  }

  boost::container::small_vector<char, 512> key_text_;
  boost::container::small_vector<KeySpan, 32> keys_;
  boost::container::small_vector<std::size_t, 16> object_starts_;
  std::size_t key_begin_ = 0;
  bool key_open_ = false;
};

}  // namespace

json::error_code make_error_code(json_error e) {
  return json::error_code(static_cast<int>(e), kJsonErrorCategory);
}

json::value parse_strict_json(std::string_view text, json::error_code& ec, json::storage_ptr memory,
                              const json::parse_options& options) {
  // As boost::json::parse: the parser's working stack starts in a buffer on this stack.
  unsigned char temp[BOOST_JSON_STACK_BUFFER_SIZE];
  json::basic_parser<DuplicateRefusingHandler> parser(options, json::storage_ptr(), temp,
                                                      sizeof temp);
  parser.handler().values.reset(std::move(memory));
  ec = {};
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used < text.size()) ec = json::error::extra_data;
  if (ec) return nullptr;
  return parser.handler().values.release();
}

}  // namespace kefu
