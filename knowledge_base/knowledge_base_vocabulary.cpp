#include <stdexcept>

#include "knowledge_base/knowledge_base.hpp"
#include "server/store/sql/transaction.hpp"

namespace kefu::kb {

void KnowledgeBase::load_vocabulary() const {
  ShopVocabulary vocabulary = ShopVocabulary::with_defaults();
  vocabulary_ = store_->vocabulary();
  for (const VocabularyEntry& entry : vocabulary_) {
    if (entry.kind == VocabularyEntry::Kind::kWord) {
      vocabulary.add_word(entry.words.at(0));
    } else {
      vocabulary.add_synonyms(entry.words);
    }
  }
  tokenizer_->set_vocabulary(std::move(vocabulary));
}

void KnowledgeBase::add_vocabulary_word(const std::string& word) {
  ShopVocabulary vocabulary = tokenizer_->vocabulary();
  vocabulary.add_word(word);  // validates
  try {
    sql::Transaction tx(db_);
    store_->add_vocabulary(VocabularyEntry::Kind::kWord, {word});
    tokenizer_->set_vocabulary(vocabulary);
    reindex();
    tx.commit();
  } catch (...) {
    load_vocabulary();
    throw;
  }
  vocabulary_ = store_->vocabulary();
}

std::int64_t KnowledgeBase::add_synonyms(const std::vector<std::string>& words) {
  ShopVocabulary vocabulary = tokenizer_->vocabulary();
  for (const std::string& w : words) {
    if (w.find(',') != std::string::npos) throw std::invalid_argument("a synonym has a comma");
  }
  vocabulary.add_synonyms(words);  // validates
  std::int64_t id = 0;
  try {
    sql::Transaction tx(db_);
    id = store_->add_vocabulary(VocabularyEntry::Kind::kSynonyms, words);
    tokenizer_->set_vocabulary(vocabulary);
    reindex();
    tx.commit();
  } catch (...) {
    load_vocabulary();
    throw;
  }
  vocabulary_ = store_->vocabulary();
  return id;
}

std::vector<KnowledgeBase::SynonymGroup> KnowledgeBase::added_synonyms() const {
  std::vector<SynonymGroup> out;
  for (VocabularyEntry& entry : store_->vocabulary()) {
    if (entry.kind == VocabularyEntry::Kind::kSynonyms) {
      out.push_back({entry.id, std::move(entry.words)});
    }
  }
  return out;
}

std::vector<std::vector<std::string>> KnowledgeBase::built_in_synonyms() {
  return ShopVocabulary::with_defaults().synonym_groups();
}

bool KnowledgeBase::remove_synonyms(std::int64_t id) {
  try {
    sql::Transaction tx(db_);
    if (!store_->remove_synonyms(id)) return false;
    load_vocabulary();
    reindex();
    tx.commit();
  } catch (...) {
    load_vocabulary();  // the stored groups, rolled back
    throw;
  }
  return true;
}

}  // namespace kefu::kb
