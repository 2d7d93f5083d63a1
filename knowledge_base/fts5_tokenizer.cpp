#include "knowledge_base/fts5_tokenizer.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <exception>
#include <stdexcept>

namespace kefu::kb {
namespace {

// The per-table instance FTS5 creates through xCreate; it only points to the shared tokenizer.
struct Instance {
  std::shared_ptr<const TextTokenizer> tokenizer;
};

int create_instance(void* context, const char** /*args*/, int /*count*/, Fts5Tokenizer** out) {
  auto* shared = static_cast<std::shared_ptr<const TextTokenizer>*>(context);
  *out = reinterpret_cast<Fts5Tokenizer*>(new Instance{*shared});
  return SQLITE_OK;
}

void delete_instance(Fts5Tokenizer* instance) {
  delete reinterpret_cast<Instance*>(instance);
}

int tokenize(Fts5Tokenizer* instance, void* ctx, int flags, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  if (length <= 0) return SQLITE_OK;
  if ((flags & FTS5_TOKENIZE_QUERY) != 0) {
    // A term MatchQuery already folded: passed through as it is.
    return token(ctx, 0, text, length, 0, length);
  }
  try {
    const auto& tokenizer = *reinterpret_cast<Instance*>(instance)->tokenizer;
    for (const Token& t : tokenizer.tokenize(std::string_view(text, static_cast<size_t>(length)))) {
      const int rc = token(ctx, t.colocated ? FTS5_TOKEN_COLOCATED : 0, t.term.data(),
                           static_cast<int>(t.term.size()), t.start, t.end);
      if (rc != SQLITE_OK) return rc;
    }
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (const std::exception&) {
    return SQLITE_ERROR;
  }
  return SQLITE_OK;
}

void destroy_context(void* context) {
  delete static_cast<std::shared_ptr<const TextTokenizer>*>(context);
}

void matched_phrases(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result,
                     int /*argc*/, sqlite3_value** /*argv*/) {
  std::int64_t mask = 0;
  const int phrases = api->xPhraseCount(fts);
  for (int i = 0; i < phrases && i < 63; ++i) {
    Fts5PhraseIter iter;
    int column = -1;
    int offset = -1;
    if (api->xPhraseFirst(fts, i, &iter, &column, &offset) == SQLITE_OK && column >= 0) {
      mask |= std::int64_t{1} << i;
    }
  }
  sqlite3_result_int64(result, mask);
}

void row_count(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int /*argc*/,
               sqlite3_value** /*argv*/) {
  sqlite3_int64 rows = 0;
  if (api->xRowCount(fts, &rows) != SQLITE_OK) rows = 0;
  sqlite3_result_int64(result, rows);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) {
    throw std::runtime_error("SQLite has no FTS5");
  }
  sqlite3_bind_pointer(stmt, 1, &api, "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  if (api == nullptr) throw std::runtime_error("SQLite has no FTS5");
  return api;
}

}  // namespace

void register_fts5_tokenizer(sqlite3* db, std::shared_ptr<const TextTokenizer> tokenizer) {
  fts5_api* api = fts5_of(db);
  fts5_tokenizer methods{create_instance, delete_instance, tokenize};
  auto* context = new std::shared_ptr<const TextTokenizer>(std::move(tokenizer));
  if (api->xCreateTokenizer(api, kTokenizerName, context, &methods, destroy_context) != SQLITE_OK) {
    destroy_context(context);
    throw std::runtime_error("cannot register the FTS5 tokenizer");
  }
  if (api->xCreateFunction(api, "kefu_matched", nullptr, matched_phrases, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot register kefu_matched");
  }
  if (api->xCreateFunction(api, "kefu_rows", nullptr, row_count, nullptr) != SQLITE_OK) {
    throw std::runtime_error("cannot register kefu_rows");
  }
}

}  // namespace kefu::kb
