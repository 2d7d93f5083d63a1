#include "knowledge_base/word_vectors.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace kefu::kb {

namespace {

constexpr char kMagic[8] = {'K', 'E', 'F', 'U', 'W', 'V', '0', '1'};
constexpr std::size_t kHeaderBytes = 16 + 4 * WordVectors::kDims;
constexpr std::size_t kEntryBytes = 16;
// The weight of a word of estimated frequency p is kRare / (kRare + p).
constexpr double kRare = 1e-3;
// A word's frequency, estimated from its rank by Zipf's law: p = kZipf / rank (about 1 / the
// harmonic number of GloVe's 400,000 words).
constexpr double kZipf = 0.074;

std::uint32_t read_u32(const unsigned char* p) {
  std::uint32_t v = 0;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

// One word's row in the table, in the file's layout (copied out with memcpy).
struct WordVectors::Entry {
  std::uint32_t text_offset;
  std::uint32_t rank;
  float scale;
  std::uint16_t length;
  std::uint16_t unused;
};

WordVectors::WordVectors(const std::string& path) {
  const auto fail = [&](const std::string& why) {
    throw std::runtime_error("word vectors " + path + ": " + why);
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    fail("cannot read its size, or it is empty");
  }
  bytes_ = static_cast<std::size_t>(st.st_size);
  void* mapped = ::mmap(nullptr, bytes_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) fail(std::strerror(errno));
  mapped_ = mapped;
  // Lookups jump about the file: read only the pages they touch, not the ones after.
  ::madvise(mapped_, bytes_, MADV_RANDOM);
  try {
    const auto* base = static_cast<const unsigned char*>(mapped_);
    if (bytes_ < kHeaderBytes || std::memcmp(base, kMagic, sizeof kMagic) != 0) {
      fail("not a word-vector file (no KEFUWV01 header)");
    }
    words_ = read_u32(base + 8);
    if (read_u32(base + 12) != kDims) fail("expected 100 dimensions");
    const std::size_t fixed = kHeaderBytes + words_ * (kEntryBytes + kDims);
    if (words_ == 0 || fixed > bytes_) fail("shorter than its table says");
    std::memcpy(shared_direction_.data(), base + 16, sizeof(float) * kDims);
    table_ = base + kHeaderBytes;
    vectors_ = reinterpret_cast<const std::int8_t*>(table_ + words_ * kEntryBytes);
    text_ = reinterpret_cast<const char*>(base + fixed);
    text_bytes_ = bytes_ - fixed;
    for (std::size_t i = 0; i < words_; ++i) {
      const Entry e = entry(i);
      if (std::size_t{e.text_offset} + e.length > text_bytes_ || e.length == 0) {
        fail("word " + std::to_string(i) + " lies outside the text");
      }
      if (i > 0 && !(word(i - 1) < word(i))) fail("words not sorted");
    }
  } catch (...) {
    ::munmap(mapped_, bytes_);
    throw;
  }
}

WordVectors::~WordVectors() {
  ::munmap(mapped_, bytes_);
}

std::string WordVectors::default_path() {
  if (const char* env = std::getenv("KEFU_WORD_VECTORS"); env != nullptr && *env != '\0') {
    return env;
  }
  return KEFU_WORD_VECTORS_FILE;
}

std::shared_ptr<const WordVectors> WordVectors::open(const std::optional<std::string>& given) {
  if (given == "none") return nullptr;
  if (given) return std::make_shared<const WordVectors>(*given);
  const std::string path = default_path();
  if (!std::filesystem::exists(path)) return nullptr;
  return std::make_shared<const WordVectors>(path);
}

WordVectors::Entry WordVectors::entry(std::size_t index) const {
  static_assert(sizeof(Entry) == kEntryBytes);
  Entry e;
  std::memcpy(&e, table_ + index * kEntryBytes, sizeof e);
  return e;
}

const std::int8_t* WordVectors::components(std::size_t index) const {
  return vectors_ + index * kDims;
}

std::string_view WordVectors::word(std::size_t index) const {
  const Entry e = entry(index);
  return {text_ + e.text_offset, e.length};
}

std::uint32_t WordVectors::rank(std::size_t index) const {
  return entry(index).rank;
}

float WordVectors::scale(std::size_t index) const {
  return entry(index).scale;
}

std::optional<std::size_t> WordVectors::find(std::string_view w) const {
  std::size_t lo = 0;
  std::size_t hi = words_;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::string_view at = word(mid);
    if (at == w) return mid;
    if (at < w) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

double WordVectors::cosine(std::size_t a, std::size_t b) const {
  const std::int8_t* x = components(a);
  const std::int8_t* y = components(b);
  std::int32_t dot = 0;
  for (std::size_t d = 0; d < kDims; ++d) dot += std::int32_t{x[d]} * std::int32_t{y[d]};
  return static_cast<double>(dot) * entry(a).scale * entry(b).scale;
}

void WordVectors::add_word(std::string_view w, Meaning& sum) const {
  const std::optional<std::size_t> index = find(w);
  if (!index) return;
  const Entry e = entry(*index);
  const double p = kZipf / e.rank;
  const auto weight = static_cast<float>(kRare / (kRare + p) * e.scale);
  const std::int8_t* v = components(*index);
  for (std::size_t d = 0; d < kDims; ++d) sum[d] += weight * static_cast<float>(v[d]);
}

WordVectors::Meaning WordVectors::meaning_of(std::string_view text) const {
  Meaning sum{};
  std::string w;
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') {
      w.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c >= 'a' && c <= 'z') {
      w.push_back(c);
    } else if (!w.empty()) {
      add_word(w, sum);
      w.clear();
    }
  }
  if (!w.empty()) add_word(w, sum);
  double along = 0;
  for (std::size_t d = 0; d < kDims; ++d) along += sum[d] * shared_direction_[d];
  double norm = 0;
  for (std::size_t d = 0; d < kDims; ++d) {
    sum[d] -= static_cast<float>(along) * shared_direction_[d];
    norm += double{sum[d]} * sum[d];
  }
  if (norm <= 0) return Meaning{};
  const auto k = static_cast<float>(1 / std::sqrt(norm));
  for (float& x : sum) x *= k;
  return sum;
}

double WordVectors::cosine(const Meaning& a, const Meaning& b) {
  double dot = 0;
  for (std::size_t d = 0; d < kDims; ++d) dot += double{a[d]} * b[d];
  return dot;
}

}  // namespace kefu::kb
