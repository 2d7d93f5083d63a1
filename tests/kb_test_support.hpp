#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>

#include "knowledge_base/knowledge_base.hpp"

namespace kefu::kb::test {

// A fresh in-memory database for one test.
inline SQLite::Database memory_db() {
  return SQLite::Database(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
}

// A draft with the given title and body.
inline ArticleDraft draft(const std::string& title, const std::string& body,
                          const std::string& locale = "en", const std::string& slug = "") {
  ArticleDraft d;
  d.title = title;
  d.body = body;
  d.locale = locale;
  d.slug = slug;
  return d;
}

// Creates and publishes an article; returns its id.
inline std::int64_t publish(KnowledgeBase& kb, const ArticleDraft& d, std::int64_t now = 1000) {
  const std::int64_t id = kb.create(d, "tester", now);
  kb.publish(id, now);
  return id;
}

// A new empty folder under the system's temporary folder, removed with the object.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() /
            ("kefu-kb-test-" + std::to_string(stamp) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A knowledge base's database in a file of its own (removed with the object), so that a second
// connection can change it as the back office or another process would.
class SharedFile {
 public:
  SharedFile()
      : path_((dir_.path() / "kb.db").string()),
        db_(path_, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE) {}

  // The first connection.
  SQLite::Database& db() { return db_; }
  // Runs `change` on a knowledge base of a second connection, closed when it returns.
  template <class Change>
  void change_elsewhere(Change&& change) const {
    SQLite::Database other(path_, SQLite::OPEN_READWRITE);
    KnowledgeBase kb(other);
    change(kb);
  }

 private:
  TempDir dir_;
  std::string path_;
  SQLite::Database db_;
};

}  // namespace kefu::kb::test
