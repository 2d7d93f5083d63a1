#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/simplified_folding.hpp"
#include "knowledge_base/text_tokenizer.hpp"

namespace {

using kefu::kb::ShopVocabulary;
using kefu::kb::TextTokenizer;
using kefu::kb::Token;

bool has(const std::vector<std::string>& terms, const std::string& term) {
  return std::find(terms.begin(), terms.end(), term) != terms.end();
}

// The terms a query and a document have in common.
std::vector<std::string> shared(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& t : a) {
    if (has(b, t)) out.push_back(t);
  }
  return out;
}

const Token* find(const std::vector<Token>& tokens, const std::string& term) {
  for (const Token& t : tokens) {
    if (t.term == term) return &t;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("Chinese words ICU splits still meet their query", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  // ICU 72's dictionary gives 退|货, 包|邮, 运费|险: the bigrams and the vocabulary restore them.
  CHECK(has(t.terms("如何申请退货"), "退货"));
  CHECK(has(t.terms("这件商品包邮吗"), "包邮"));
  CHECK(has(t.terms("运费险怎么理赔"), "运费险"));
  CHECK(has(t.terms("退货"), "退货"));
  // 没收到 is cut differently inside 我没收到; the query and the document still share it.
  const auto query = t.terms("没收到");
  const auto document = t.terms("我没收到包裹怎么办");
  CHECK(has(query, "没收到"));
  CHECK(has(document, "没收到"));
  CHECK(has(shared(query, document), "收到"));
}

TEST_CASE("ICU's own Chinese words are kept alongside the bigrams", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const auto terms = t.terms("我想修改收货地址");
  CHECK(has(terms, "地址"));
  CHECK(has(terms, "修改"));
  CHECK(has(terms, "收货"));  // bigram across ICU's cut
}

TEST_CASE("a word the admin adds is indexed whole", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  CHECK_FALSE(has(t.terms("云朵床垫很舒服"), "云朵床垫"));
  ShopVocabulary v = t.vocabulary();
  v.add_word("云朵床垫");
  t.set_vocabulary(v);
  CHECK(has(t.terms("云朵床垫很舒服"), "云朵床垫"));
}

TEST_CASE("synonyms index under their group's first word", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  CHECK(has(t.terms("免邮吗"), "包邮"));
  CHECK(has(t.terms("未收到商品"), "没收到"));
  CHECK(has(t.terms("reimbursement please"), "refund"));
  ShopVocabulary v = t.vocabulary();
  v.add_synonyms({"sofa", "couch"});
  t.set_vocabulary(v);
  CHECK(has(t.terms("a new couch"), "sofa"));
  CHECK_THROWS_AS(v.add_synonyms({"alone"}), std::invalid_argument);
  CHECK_THROWS_AS(v.add_word(""), std::invalid_argument);
}

TEST_CASE("English is folded and stemmed", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  CHECK(t.terms("Refunds REFUNDED refunding") == std::vector<std::string>{"refund"});
  CHECK(t.terms("shipping") == t.terms("shipped"));
  CHECK(has(t.terms("refund-policy"), "polici"));
}

TEST_CASE("product codes and order numbers stay searchable", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const auto terms = t.terms("My iPhone15 order #10293");
  CHECK(has(terms, "iphone15"));
  CHECK(has(terms, "10293"));
  // The parts, too, so "iphone 15" finds "iPhone15".
  CHECK(has(terms, "15"));
  CHECK(!shared(t.terms("iphone 15"), terms).empty());
  CHECK(has(t.terms("订单号10293"), "10293"));
}

TEST_CASE("full-width letters and digits fold to ASCII with original offsets", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const std::string text = "ｉＰｈｏｎｅ１５ ok";  // 8 full-width characters, 3 bytes each
  const auto tokens = t.tokenize(text);
  const Token* code = find(tokens, "iphone15");
  REQUIRE(code != nullptr);
  CHECK(code->start == 0);
  CHECK(code->end == 24);
  const Token* ok = find(tokens, "ok");
  REQUIRE(ok != nullptr);
  CHECK(text.substr(ok->start, ok->end - ok->start) == "ok");
  CHECK(t.terms("１０２９３") == std::vector<std::string>{"10293"});
}

TEST_CASE("ligatures fold while offsets point into the original", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const std::string text = "the ﬁnal price";  // U+FB01 is 3 bytes, "fi" is 2
  const auto tokens = t.tokenize(text);
  const Token* price = find(tokens, "price");
  REQUIRE(price != nullptr);
  CHECK(text.substr(price->start, price->end - price->start) == "price");
  const Token* final_word = find(tokens, "final");
  REQUIRE(final_word != nullptr);
  CHECK(text.substr(final_word->start, final_word->end - final_word->start) == "ﬁnal");
}

TEST_CASE("emoji and symbols give no terms and break nothing", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  CHECK(t.terms("😀👍🏽👨‍👩‍👧 ❤️").empty());
  const auto terms = t.terms("退货😀refund👍🏽");
  CHECK(has(terms, "退货"));
  CHECK(has(terms, "refund"));
  const std::string text = "🎉🎉 包邮";
  const auto tokens = t.tokenize(text);
  const Token* free_shipping = find(tokens, "包邮");
  REQUIRE(free_shipping != nullptr);
  CHECK(text.substr(free_shipping->start, free_shipping->end - free_shipping->start) == "包邮");
}

TEST_CASE("mixed Chinese and English text gives both", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const auto terms = t.terms("我的iPhone15订单还没发货, tracking number?");
  CHECK(has(terms, "iphone15"));
  CHECK(has(terms, "订单"));
  CHECK(has(terms, "发货"));
  CHECK(has(terms, "track"));
}

TEST_CASE("bad UTF-8 and empty text are tolerated", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  CHECK(t.terms("").empty());
  const std::string bad = std::string("ref\xff\xfeund ok");
  const auto tokens = t.tokenize(bad);
  for (const Token& tok : tokens) {
    CHECK(tok.start >= 0);
    CHECK(tok.end <= static_cast<int>(bad.size()));
    CHECK(tok.start < tok.end);
  }
  CHECK(has(t.terms(bad), "ok"));
}

TEST_CASE("tokens are ordered and the first one is never colocated", "[kb][tokenizer]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const auto tokens = t.tokenize("运费险包邮吗 iPhone15");
  REQUIRE_FALSE(tokens.empty());
  CHECK_FALSE(tokens.front().colocated);
  for (std::size_t i = 1; i < tokens.size(); ++i) {
    CHECK(tokens[i - 1].start <= tokens[i].start);
    if (tokens[i].colocated) CHECK(tokens[i - 1].start == tokens[i].start);
  }
}

TEST_CASE("Han characters are told apart from other scripts", "[kb][tokenizer]") {
  CHECK(kefu::kb::is_han(U'退'));
  CHECK_FALSE(kefu::kb::is_han(U'a'));
  CHECK_FALSE(kefu::kb::is_han(-1));
  CHECK(kefu::kb::has_han("iPhone15 包邮"));
  CHECK_FALSE(kefu::kb::has_han("free shipping ｆｒｅｅ"));
  CHECK(kefu::kb::is_single_han("货"));
  CHECK(kefu::kb::is_single_han("𠀀"));  // beyond the BMP: four bytes
  CHECK_FALSE(kefu::kb::is_single_han("退货"));
  CHECK_FALSE(kefu::kb::is_single_han("a"));
  CHECK_FALSE(kefu::kb::is_single_han(""));
  CHECK_FALSE(kefu::kb::is_single_han("\xe8\xb4"));  // a cut-off character
}

TEST_CASE("Traditional Chinese gives the terms of its Simplified form", "[kb][tokenizer][zh]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  // The example: Traditional shares 发票 and 抬头 with the Simplified article.
  const auto traditional = t.terms("發票可以開公司抬頭嗎");
  CHECK(has(traditional, "发票"));
  CHECK(has(traditional, "抬头"));
  CHECK(!has(traditional, "發票"));
  CHECK(has(t.terms("我要退貨"), "退货"));
  CHECK(has(t.terms("有免運嗎"), "免运"));
  // Phrase level, not character by character: 乾淨 is 干净, 乾隆 stays (t2s's phrase table).
  CHECK(has(t.terms("洗得很乾淨"), "干净"));
  // Simplified text is its own fold.
  CHECK(t.terms("发票可以开公司抬头吗") == t.terms("发票可以开公司抬头吗"));
  CHECK(shared(t.terms("運費怎麼算"), t.terms("运费怎么算")).size() >= 3);
}

TEST_CASE("offsets of folded Traditional text point at the original bytes", "[kb][tokenizer][zh]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const std::string text = "ok 發票可以開公司抬頭嗎？ 退貨";  // 3 bytes a Han character
  const auto tokens = t.tokenize(text);
  const Token* invoice = find(tokens, "发票");
  REQUIRE(invoice != nullptr);
  CHECK(text.substr(invoice->start, invoice->end - invoice->start) == "發票");
  const Token* title = find(tokens, "抬头");
  REQUIRE(title != nullptr);
  CHECK(text.substr(title->start, title->end - title->start) == "抬頭");
  const Token* ret = find(tokens, "退货");
  REQUIRE(ret != nullptr);
  CHECK(text.substr(ret->start, ret->end - ret->start) == "退貨");
  CHECK(ret->end == static_cast<int>(text.size()));
  for (const Token& token : tokens) {
    CHECK(token.start >= 0);
    CHECK(token.end <= static_cast<int>(text.size()));
  }
}

TEST_CASE("Simplified folding keeps every index and leaves other text alone", "[kb][zh]") {
  const auto& folding = kefu::kb::SimplifiedFolding::instance();
  CHECK(folding.fold_utf8("發票可以開公司抬頭嗎") == "发票可以开公司抬头吗");
  CHECK(folding.fold_utf8("iPhone 15 退貨 😀 ｏｋ") == "iPhone 15 退货 😀 ｏｋ");
  CHECK(folding.fold_utf8("我想退货") == "我想退货");
  CHECK(folding.fold_utf8("") == "");
  CHECK(folding.simplified(U'貨') == U'货');
  CHECK(folding.simplified(U'货') == U'货');
  CHECK(folding.simplified(U'a') == U'a');
  // A phrase OpenCC would write in another length is folded character by character, in place.
  icu::UnicodeString text = icu::UnicodeString::fromUTF8("軟體記憶體");
  const int32_t length = text.length();
  CHECK(folding.fold(text));
  CHECK(text.length() == length);
  icu::UnicodeString simplified = icu::UnicodeString::fromUTF8("退货");
  CHECK(!folding.fold(simplified));
}
