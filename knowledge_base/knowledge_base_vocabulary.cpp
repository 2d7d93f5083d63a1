#include <SQLiteCpp/SQLiteCpp.h>

#include <stdexcept>

#include "knowledge_base/article_fields.hpp"
#include "knowledge_base/kb_savepoint.hpp"
#include "knowledge_base/knowledge_base.hpp"

namespace kefu::kb {

void KnowledgeBase::load_vocabulary() {
  ShopVocabulary vocabulary = ShopVocabulary::with_defaults();
  SQLite::Statement q(db_, "SELECT kind, words FROM kb_vocabulary ORDER BY id");
  while (q.executeStep()) {
    const std::string kind = q.getColumn(0).getString();
    const std::string words = q.getColumn(1).getString();
    if (kind == "word") {
      vocabulary.add_word(words);
    } else {
      vocabulary.add_synonyms(split_tags(words));
    }
  }
  tokenizer_->set_vocabulary(std::move(vocabulary));
}

void KnowledgeBase::add_vocabulary_word(const std::string& word) {
  ShopVocabulary vocabulary = tokenizer_->vocabulary();
  vocabulary.add_word(word);  // validates
  Savepoint tx(db_, "kb_vocabulary");
  SQLite::Statement q(db_, "INSERT INTO kb_vocabulary(kind, words) VALUES('word', ?)");
  q.bind(1, word);
  q.exec();
  tokenizer_->set_vocabulary(vocabulary);
  try {
    rebuild_index();
    tx.release();
  } catch (...) {
    load_vocabulary();
    throw;
  }
}

std::int64_t KnowledgeBase::add_synonyms(const std::vector<std::string>& words) {
  ShopVocabulary vocabulary = tokenizer_->vocabulary();
  for (const std::string& w : words) {
    if (w.find(',') != std::string::npos) throw std::invalid_argument("a synonym has a comma");
  }
  vocabulary.add_synonyms(words);  // validates
  Savepoint tx(db_, "kb_vocabulary");
  SQLite::Statement q(db_, "INSERT INTO kb_vocabulary(kind, words) VALUES('synonyms', ?)");
  q.bind(1, join_tags(words));
  q.exec();
  const std::int64_t id = db_.getLastInsertRowid();
  tokenizer_->set_vocabulary(vocabulary);
  try {
    rebuild_index();
    tx.release();
  } catch (...) {
    load_vocabulary();
    throw;
  }
  return id;
}

std::vector<KnowledgeBase::SynonymGroup> KnowledgeBase::added_synonyms() const {
  std::vector<SynonymGroup> out;
  SQLite::Statement q(db_,
                      "SELECT id, words FROM kb_vocabulary WHERE kind = 'synonyms' ORDER BY id");
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), split_tags(q.getColumn(1).getString())});
  }
  return out;
}

std::vector<std::vector<std::string>> KnowledgeBase::built_in_synonyms() {
  return ShopVocabulary::with_defaults().synonym_groups();
}

bool KnowledgeBase::remove_synonyms(std::int64_t id) {
  try {
    Savepoint tx(db_, "kb_vocabulary");
    SQLite::Statement q(db_, "DELETE FROM kb_vocabulary WHERE kind = 'synonyms' AND id = ?");
    q.bind(1, id);
    if (q.exec() == 0) return false;
    load_vocabulary();
    rebuild_index();
    tx.release();
  } catch (...) {
    load_vocabulary();  // the stored groups, rolled back
    throw;
  }
  return true;
}

}  // namespace kefu::kb
