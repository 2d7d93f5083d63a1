#include <catch2/catch.hpp>
#include <string>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/term_counts.hpp"
#include "knowledge_base/word_spread.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

TEST_CASE("a word's spread weight falls as more articles hold it", "[kb][spread]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb(db);
  test::publish(kb, draft("Refunds", "I want my refund.\nA refund takes five days."));
  test::publish(kb, draft("Invoices", "I want my invoice.\nInvoices come by mail."));
  test::publish(kb, draft("Addresses", "I want to change my address."));
  test::publish(kb, draft("Opening hours", "We open at nine."));
  const TermCounts counts = TermCounts::load(db, "kb_articles_terms");
  const WordSpread spread(counts, 4);
  // One article of four: 1; three of four: log(4/3) / log(4); all four would give 0.
  CHECK(spread.weight("refund") == Approx(1.0));
  CHECK(spread.weight("want") == Approx(std::log(4.0 / 3) / std::log(4.0)));
  CHECK(spread.weight("want") < spread.weight("invoic"));
  CHECK(WordSpread(counts, 3).weight("want") == Approx(0.0));  // as if three articles in all
  // A term no article holds (a typo, a new word) is not weighed down.
  CHECK(spread.weight("parcel") == 1);
  // Nothing to tell apart in a knowledge base of one article.
  CHECK(WordSpread(counts, 1).weight("want") == 1);
}

TEST_CASE("words every article's lines use do not choose the article", "[kb][spread]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb(db);
  // Every article but "Money back" has one line of "i want my ...", among lines without those
  // words; only "Money back" speaks of refunds, in long lines sharing no other word with the
  // question. "Order help" has three short lines of "i want my ...": weighed by their rarity
  // among lines alone (a fifth of the lines hold them), the three common words make those lines
  // the question's best passages and "Order help" its answer.
  const std::int64_t money_back =
      test::publish(kb, draft("Money back",
                              "A refund takes five working days after we get the parcel.\n"
                              "The refund goes back to the card or account you paid with.\n"
                              "Refunds need the receipt from the shop or the order email.\n"
                              "Returns are free within thirty days.\nKeep the box."));
  const std::int64_t order_help =
      test::publish(kb, draft("Order help",
                              "I want my order.\nI want my invoice.\nI want my address.\n"
                              "Changes are free before shipping.\nInvoices come by mail."));
  const char* others[][2] = {
      {"Delivery",
       "I want my parcel sooner.\nDelivery takes two days.\nExpress delivery costs "
       "five euros.\nWe ship every day.\nParcels are tracked online."},
      {"Opening hours",
       "I want my visit planned.\nWe open at nine.\nShops close at six.\n"
       "Sundays are closed.\nHolidays change the hours."},
      {"Gift cards",
       "I want my gift card balance.\nGift cards never expire.\nCards are sold in "
       "every shop.\nBalances show online.\nLost cards cannot be replaced."},
      {"Warranty",
       "I want my kettle repaired.\nWarranty lasts two years.\nRepairs take a week."
       "\nBring the kettle to a shop.\nDamage by water is not covered."},
      {"Sizes",
       "I want my size checked.\nSizes run small.\nMeasure your chest.\nThe chart "
       "shows every size.\nKids sizes differ."},
      {"Payment",
       "I want my payment split.\nWe take cards and cash.\nInstalments need a credit "
       "check.\nVouchers count as cash.\nPrices include tax."},
  };
  for (const auto& [title, body] : others) test::publish(kb, draft(title, body));
  CHECK(kb.search("i want my refund").hits.at(0).article_id == money_back);
  CHECK(kb.search("I want my refund now").hits.at(0).article_id == money_back);
  // Questions without the common words are unchanged.
  CHECK(kb.search("refund").hits.at(0).article_id == money_back);
  CHECK(kb.search("invoice").hits.at(0).article_id == order_help);
}
