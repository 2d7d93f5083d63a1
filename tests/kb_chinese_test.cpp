// Search as Chinese shoppers write (issue #26): Traditional and Simplified as one language.
#include <algorithm>
#include <catch2/catch.hpp>

#include "kb_test_support.hpp"
#include "knowledge_base/homophone_index.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/pinyin_reading.hpp"
#include "knowledge_base/term_counts.hpp"
#include "knowledge_base/text_tokenizer.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

// A shop whose articles are mostly Simplified, one Traditional (as a Taiwan page would be).
struct Shop {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  std::int64_t invoice = test::publish(
      kb, draft("开发票", "所有订单都可以开电子发票。单位发票需要填写公司抬头和税号。", "zh"));
  std::int64_t address = test::publish(
      kb, draft("修改收货地址", "订单还没发货时，可以在订单详情里修改收货地址。", "zh"));
  std::int64_t returns = test::publish(
      kb, draft("七天无理由退货", "签收后七天内可以申请退货，商品需保持完好。", "zh"));
  std::int64_t overseas = test::publish(
      kb,
      draft("海外配送", "本店可以寄送香港、澳門、台灣和海外國家。進口關稅由收件人支付。", "zh"));
};

std::int64_t top(const SearchResult& r) {
  return r.hits.empty() ? 0 : r.hits[0].article_id;
}

}  // namespace

TEST_CASE("a Traditional question finds the Simplified article, and the other way round",
          "[kb][search][zh]") {
  Shop shop;
  // The example went to the address article through the characters both scripts share.
  CHECK(top(shop.kb.search("發票可以開公司抬頭嗎")) == shop.invoice);
  CHECK(top(shop.kb.search("收貨地址填錯了可以改嗎")) == shop.address);
  CHECK(top(shop.kb.search("我要退貨")) == shop.returns);
  // A Simplified question finds the Traditional article.
  CHECK(top(shop.kb.search("可以寄到台湾吗")) == shop.overseas);
  CHECK(top(shop.kb.search("进口关税谁付")) == shop.overseas);
  // The same question in both scripts gets the same scores.
  const auto simplified = shop.kb.search("发票可以开公司抬头吗");
  const auto traditional = shop.kb.search("發票可以開公司抬頭嗎");
  REQUIRE(simplified.hits.size() == traditional.hits.size());
  for (std::size_t i = 0; i < simplified.hits.size(); ++i) {
    CHECK(simplified.hits[i].article_id == traditional.hits[i].article_id);
    CHECK(simplified.hits[i].score == Approx(traditional.hits[i].score));
  }
}

TEST_CASE("snippets of a Traditional article mark its own characters", "[kb][search][zh]") {
  Shop shop;
  SearchOptions options;
  options.mark_open = "[";
  options.mark_close = "]";
  const auto r = shop.kb.search("进口关税", options);
  REQUIRE(!r.hits.empty());
  REQUIRE(r.hits[0].article_id == shop.overseas);
  INFO(r.hits[0].snippet);
  // Neighbouring matches share one mark.
  CHECK(r.hits[0].snippet.find("[進口關稅]") != std::string::npos);
  CHECK(r.hits[0].snippet.find("进口") == std::string::npos);  // never the folded text
}

TEST_CASE("pinyin readings are toneless syllables, one a character", "[kb][zh][pinyin]") {
  auto& reading = PinyinReading::instance();
  CHECK(reading.syllable(U'货') == "huo");
  CHECK(reading.syllable(U'或') == "huo");
  CHECK(reading.syllable(U'a') == "");
  CHECK(reading.syllables("退货") == "tui huo");
  CHECK(reading.syllables("退或") == reading.syllables("退货"));
  CHECK(reading.syllables("退a") == "");
}

TEST_CASE("the homophone index finds the indexed word of the same syllables", "[kb][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  test::publish(kb, draft("退货", "申请退货。", "zh"));
  test::publish(kb, draft("发货", "什么时候发货。退货地址。", "zh"));
  // TermCounts of the article index, as the search statistics read them.
  const HomophoneIndex index(TermCounts::load(db, "kb_articles_terms"));
  CHECK(index.sounds_like("退或") == std::optional<std::string>("退货"));
  CHECK(index.sounds_like("发或") == std::optional<std::string>("发货"));
  CHECK(!index.sounds_like("发滑"));  // fa hua: another syllable
  CHECK(!index.sounds_like("退"));    // one character
  CHECK(!index.sounds_like("tuihuo"));
  CHECK(index.sounds_like("退货") != std::optional<std::string>("退货"));  // never itself
}

TEST_CASE("a pinyin typo finds its article, and never outranks an exact match",
          "[kb][search][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto returns = test::publish(
      kb, draft("七天无理由退货", "签收后七天内可以申请退货。退货请保持商品完好。", "zh"));
  const auto shipping = test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  CHECK(top(kb.search("我想退或")) == returns);
  CHECK(top(kb.search("什么时候发或")) == shipping);
  // The typed word is itself in an article: that article comes first, nothing is brought.
  const auto literal = test::publish(kb, draft("成语", "进退或留，都要想清楚。", "zh"));
  const auto exact = kb.search("我想退或");
  REQUIRE(!exact.hits.empty());
  CHECK(exact.hits[0].article_id == literal);
  // A fallback match is weighed below the same match typed right.
  const auto typo = kb.search("申请退或");
  const auto right = kb.search("申请退货");
  REQUIRE(!typo.hits.empty());
  REQUIRE(!right.hits.empty());
  CHECK(right.hits[0].article_id == returns);
  CHECK(right.confidence >= typo.confidence);
}

TEST_CASE("shop Chinese: the words shoppers use for one thing meet", "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  // Whether `a` and `b` share a term of two characters or more (not just one character).
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  CHECK(meets("到手了吗", "签收"));
  CHECK(meets("收到了", "签收"));
  CHECK(meets("码数偏小", "尺码表"));
  CHECK(meets("大小不合适", "尺码表"));
  CHECK(meets("保固多久", "保修一年"));    // Taiwan's word
  CHECK(meets("有免運嗎", "满99元包邮"));  // folded, then a synonym
  CHECK(meets("优惠卷", "优惠券"));        // the typo pinyin keyboards make
  CHECK(!meets("保固多久", "包邮"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto warranty = test::publish(kb, draft("保修", "电器保修一年。", "zh"));
  const auto sizes = test::publish(kb, draft("尺码表", "每个商品页都有尺码表。", "zh"));
  test::publish(kb, draft("包邮", "满99元包邮。", "zh"));
  CHECK(top(kb.search("保固多久")) == warranty);
  CHECK(top(kb.search("码数怎么看")) == sizes);
  // A group the admin adds, written in Traditional, folds as the text does.
  const auto bag = test::publish(kb, draft("手提袋", "每单送一个手提袋。", "zh"));
  CHECK(top(kb.search("有紙袋嗎")) != bag);
  kb.add_synonyms({"手提袋", "紙袋"});
  CHECK(top(kb.search("有紙袋嗎")) == bag);
  CHECK(top(kb.search("有纸袋吗")) == bag);
}

TEST_CASE("an index written by an older tokenizer is built again on opening", "[kb][zh]") {
  SQLite::Database db = test::memory_db();
  std::int64_t invoice = 0;
  {
    KnowledgeBase kb{db};
    invoice = test::publish(kb, draft("開發票", "可以開公司抬頭。", "zh"));
    REQUIRE(top(kb.search("发票")) == invoice);
  }
  // As an index of the version before would be: terms that no longer match, no version row.
  db.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  db.exec("DELETE FROM kb_index_version");
  {
    KnowledgeBase kb{db};
    CHECK(top(kb.search("发票")) == invoice);
    CHECK(top(kb.search("公司抬头")) == invoice);
  }
  // The current version is not built again: a change made behind its back stays.
  db.exec("INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('delete-all')");
  KnowledgeBase again{db};
  CHECK(again.search("发票").hits.empty());
}

TEST_CASE("shop Chinese of any shop: Taobao words, paying, authenticity, hours, overseas, stock",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  // Whether `a` and `b` share a term of two characters or more (not just one character).
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  // Each pair shares no two characters: only the group joins them.
  CHECK(meets("拍了两件", "下单后"));            // Taobao's 拍 is to order
  CHECK(meets("怎么给钱", "付款方式"));          // paying
  CHECK(meets("付不了", "付款失败请检查余额"));  // paying fails
  CHECK(meets("行货吗", "正品保证"));            // authenticity
  CHECK(meets("是山寨吗", "假货"));
  CHECK(meets("半夜", "晚上十二点"));  // service hours
  CHECK(meets("几点上班", "客服工作时间"));
  CHECK(meets("寄到美国", "海外配送"));  // a country is overseas
  CHECK(meets("便宜了", "降价"));        // price drop
  CHECK(meets("断码", "缺货"));          // stock
  CHECK(meets("拿货", "批发"));          // quantity
  CHECK(meets("要一百件", "批量订单"));
  CHECK(meets("收不到簡訊", "短信验证码"));  // Taiwan's word for a text message
  CHECK(meets("宅配", "送货上门"));
  CHECK(meets("预购", "预售商品"));
  CHECK(!meets("半夜", "降价"));
  CHECK(!meets("寄到美国", "批发"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto cod =
      test::publish(kb, draft("货到付款", "部分地区支持货到付款，可以用现金付给快递员。", "zh"));
  const auto genuine = test::publish(
      kb, draft("正品保证", "本店商品都是品牌授权的正品，假一赔十，不卖高仿。", "zh"));
  const auto hours = test::publish(
      kb, draft("客服工作时间", "在线客服每天早上九点到晚上十二点在线，留言第二天回复。", "zh"));
  const auto overseas =
      test::publish(kb, draft("海外配送", "海外订单用国际快递，关税由收件人支付。", "zh"));
  const auto price =
      test::publish(kb, draft("降价补差价", "购买后七天内同一商品降价，可以申请价格保护。", "zh"));
  const auto stock = test::publish(
      kb, draft("缺货和到货通知", "商品显示已售罄表示暂时没有库存，可以订阅到货通知。", "zh"));
  const auto bulk = test::publish(
      kb, draft("批发和企业采购", "企业采购和批量订单可以享受优惠价格，五十件起。", "zh"));
  test::publish(kb, draft("发货时间", "现货商品付款后四十八小时内发货。", "zh"));
  CHECK(top(kb.search("收到货再给钱行吗")) == cod);  // paying on receipt, said in full
  CHECK(top(kb.search("会不会是A货")) == genuine);
  CHECK(top(kb.search("保证original吗")) == genuine);
  CHECK(top(kb.search("深夜还有人在线吗")) == hours);
  CHECK(top(kb.search("我在加拿大能买吗")) == overseas);
  CHECK(top(kb.search("刚买就便宜了")) == price);
  CHECK(top(kb.search("42码缺码了吗")) == stock);
  CHECK(top(kb.search("拿货价多少")) == bulk);
}

TEST_CASE("fuzzy syllables: the sounds pinyin keyboards confuse are written one way",
          "[kb][zh][pinyin]") {
  CHECK(HomophoneIndex::fuzzy_syllables("zhu ce") == "zu ce");
  CHECK(HomophoneIndex::fuzzy_syllables("chang shi") == "can si");
  CHECK(HomophoneIndex::fuzzy_syllables("niu nan") == "liu lan");
  CHECK(HomophoneIndex::fuzzy_syllables("feng ying") == "hen yin");
  CHECK(HomophoneIndex::fuzzy_syllables("dong xiong") == "dong xiong");  // ong stays
  CHECK(HomophoneIndex::fuzzy_syllables("fa huo") != HomophoneIndex::fuzzy_syllables("fa hua"));
}

TEST_CASE("a fuzzy pinyin typo finds its article below a homophone, never over an exact match",
          "[kb][search][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto account =
      test::publish(kb, draft("账号注册", "用手机号注册账号，验证码六十秒内有效。", "zh"));
  const auto shipping = test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  test::publish(kb, draft("尺码表", "每个商品页都有尺码表。", "zh"));
  {
    const HomophoneIndex index(TermCounts::load(db, "kb_articles_terms"));
    CHECK(index.sounds_near("组侧") == std::optional<std::string>("注册"));  // zu ce, zhu ce
    CHECK(!index.sounds_like("组侧"));
    CHECK(!index.sounds_near("住侧"));  // zhu ce: a homophone, not a fuzzy match
    CHECK(index.sounds_like("住侧") == std::optional<std::string>("注册"));
    CHECK(!index.sounds_near("发滑"));  // fa hua: huo / hua are not confused
  }
  CHECK(top(kb.search("怎么组侧")) == account);
  CHECK(top(kb.search("什么时候发货")) == shipping);
  // A fuzzy match is weighed below the homophone and the word typed right.
  const auto fuzzy = kb.search("组侧账号");
  const auto homophone = kb.search("住侧账号");
  const auto right = kb.search("注册账号");
  REQUIRE(!fuzzy.hits.empty());
  CHECK(fuzzy.hits[0].article_id == account);
  CHECK(right.confidence >= homophone.confidence);
  CHECK(homophone.confidence >= fuzzy.confidence);
  // The typed word is itself in an article: that article comes first, nothing is brought.
  const auto literal = test::publish(kb, draft("组侧", "组侧是一个词。", "zh"));
  const auto exact = kb.search("怎么组侧");
  REQUIRE(!exact.hits.empty());
  CHECK(exact.hits[0].article_id == literal);
}

TEST_CASE("shop Chinese of round 4: faults, lost parcels, gifts, companies, money, accounts",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  // Whether `a` and `b` share a term of two characters or more (not just one character).
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  // Each pair shares no two characters: only a group joins them.
  CHECK(meets("用了两个月不转了", "非人为的故障"));  // a fault in use
  CHECK(meets("可以送修吗", "免费维修"));
  CHECK(meets("包裹不见了", "核实是丢件的"));  // lost on the way
  CHECK(meets("送人的", "送禮的訂單"));        // a gift, Traditional folded
  CHECK(meets("公司要买", "企业采购"));        // a company
  CHECK(meets("能开专票吗", "增值税专用发票"));
  CHECK(meets("能分几个月付", "分期付款"));  // instalments
  CHECK(meets("有没有无息", "免息分期"));
  CHECK(meets("被封了", "账号被锁定"));  // accounts
  CHECK(meets("会不会泄露", "不会把您的信息卖给第三方"));
  CHECK(meets("过年发吗", "节假日照常发货"));  // holidays
  CHECK(meets("穿不下", "衣服鞋子不合适"));    // fitting
  CHECK(meets("红包怎么用", "优惠券"));
  CHECK(!meets("包裹不见了", "免费维修"));
  CHECK(!meets("送人的", "企业采购"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto warranty =
      test::publish(kb, draft("保修和维修", "电器一年保修，非人为损坏的故障免费维修。", "zh"));
  const auto lost = test::publish(
      kb, draft("显示签收但没收到货", "核实是丢件的，我们给您补发或者全额退款。", "zh"));
  const auto gift = test::publish(
      kb, draft("禮品包裝和賀卡", "下單時勾選禮品包裝，送禮的訂單裡不會放價格單。", "zh"));
  const auto company =
      test::publish(kb, draft("批发和企业采购", "企业采购可以享受优惠价格，五十件起。", "zh"));
  test::publish(kb, draft("发货时间", "付款后四十八小时内发货，节假日照常发货。", "zh"));
  CHECK(top(kb.search("用了两个月不转了")) == warranty);
  CHECK(top(kb.search("包裹不見了")) == lost);
  CHECK(top(kb.search("送人的 别放价签")) == gift);
  CHECK(top(kb.search("我们公司要买五百个")) == company);
}

TEST_CASE("a misspelt word's own characters do not search when its homophone came",
          "[kb][search][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto genuine =
      test::publish(kb, draft("正品保证", "本店商品都是品牌授权的正品，假货假一赔十。", "zh"));
  // Holds the character typed by mistake (家 of 家货 for 假货) many times over.
  const auto furniture = test::publish(
      kb, draft("家具和家电", "大件家具和家电另收送货上门的费用，家具不包邮。", "zh"));
  test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  const auto r = kb.search("是家货吗");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].article_id == genuine);
  // A question that types 家 as it means it still finds the furniture.
  CHECK(top(kb.search("家具运费")) == furniture);
}

TEST_CASE("a word is an ICU dictionary word or a shop word, not two characters across words",
          "[kb][zh][tokenizer]") {
  const TextTokenizer t(ShopVocabulary::with_defaults());
  CHECK(t.is_word("发货"));  // a shop word (ICU cuts it 发|货)
  CHECK(t.is_word("哪里"));  // ICU's own word
  CHECK(t.is_word("付款失败"));
  CHECK_FALSE(t.is_word("发或"));  // 补发|或者
  CHECK_FALSE(t.is_word("单后"));  // 下单|后
}

TEST_CASE("a typo an article holds only across two of its words also reads as its homophone",
          "[kb][search][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto shipping = test::publish(
      kb, draft("发货时间",
                "现货商品付款后四十八小时内发货，周末和节假日照常发货。\n"
                "大促期间订单多，发货可能延迟一到三天。\n付款后可以在订单详情里看到预计发货时间。",
                "zh"));
  // Holds 发或 where 补发 meets 或者.
  const auto lost = test::publish(kb, draft("显示签收但没收到货",
                                            "物流显示已签收但您没拿到包裹，请先问问家人。\n"
                                            "核实是丢件的，我们给您补发或者全额退款。",
                                            "zh"));
  test::publish(kb, draft("修改收货地址",
                          "订单还没发货的时候，可以在订单详情里自己修改收货地址。\n"
                          "已经发货的订单不能改地址了，请联系快递员转寄。",
                          "zh"));
  // 发或 typed for 发货 also finds the articles on 发货, which hold neither character apart.
  const auto typo = kb.search("发或");
  CHECK(std::any_of(typo.hits.begin(), typo.hits.end(),
                    [shipping](const SearchHit& h) { return h.article_id == shipping; }));
  // The homophone comes beside the exact match, at its lower weight: alone, or typed as the
  // article writes it, the exact match still comes first.
  CHECK(top(typo) == lost);
  CHECK(top(kb.search("补发或者退款")) == lost);
}

TEST_CASE("the characters inside a shop word are not read as a typo of their own",
          "[kb][search][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto paying =
      test::publish(kb, draft("支付方式", "付款失败请检查银行卡余额，或换一种方式再试。", "zh"));
  // Holds 服不 (衣服|不|合适), the homophone of 付不 (fu bu) inside 付不了.
  const auto clothes = test::publish(kb, draft("换货", "衣服不合适可以申请换货。", "zh"));
  const auto r = kb.search("付不了");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].article_id == paying);
  CHECK(std::none_of(r.hits.begin(), r.hits.end(),
                     [clothes](const SearchHit& h) { return h.article_id == clothes; }));
}

TEST_CASE("Taiwan's words meet the mainland's where folding the script leaves them apart",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  // Folded to Simplified, each Taiwan word is still another word (資訊 is 资讯, not 信息);
  // each pair shares no two characters.
  CHECK(meets("資訊", "个人信息"));
  CHECK(meets("怎麼聯絡你們", "请联系客服"));
  CHECK(meets("在哪裡設定", "账号设置"));
  CHECK(meets("線上嗎", "在线客服"));
  CHECK(meets("要附影片", "开箱视频"));
  CHECK(meets("螢幕", "屏幕"));
  CHECK(meets("收到訊息", "消息通知"));
  CHECK(!meets("個人資訊", "在线客服"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto privacy =
      test::publish(kb, draft("个人信息和隐私", "您可以在隐私页下载或删除自己的个人信息。", "zh"));
  const auto service =
      test::publish(kb, draft("客服工作时间", "在线客服每天早上九点到晚上十二点在线。", "zh"));
  const auto damaged = test::publish(
      kb, draft("收到的商品破损", "请拍下照片和开箱视频，四十八小时内发给我们。", "zh"));
  test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  CHECK(top(kb.search("你們會保護我的資訊嗎")) == privacy);
  CHECK(top(kb.search("線上嗎")) == service);
  CHECK(top(kb.search("要附影片嗎")) == damaged);
}

TEST_CASE("moving house or a new address asks to change the address",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  CHECK(meets("我搬家了", "已经发货的订单不能改地址了"));
  CHECK(meets("换个地址", "改地址"));
  CHECK(meets("寄到新地址", "改地址"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto address = test::publish(
      kb, draft("修改收货地址", "没发货的订单可以自己改地址，已经发货的不能改地址了。", "zh"));
  test::publish(kb, draft("禮品包裝", "也可以直接寄到收禮人的地址。", "zh"));
  test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  CHECK(top(kb.search("搬家了怎么办")) == address);
  CHECK(top(kb.search("想换个地址")) == address);
}

TEST_CASE("Taiwan's and Hong Kong's shop words meet a mainland help centre's",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  // Each pair shares no two characters.
  CHECK(meets("七天鑑賞期", "七天无理由退货"));
  CHECK(meets("個資", "个人信息"));
  CHECK(meets("紅利點數", "会员积分"));
  CHECK(meets("優惠碼", "优惠券"));
  CHECK(meets("手機載具", "电子发票"));
  CHECK(meets("三聯式", "税号"));
  CHECK(meets("點樣落單", "下单"));
  CHECK(meets("店到店", "超商"));
  CHECK(meets("智能櫃", "快递柜"));
  CHECK(meets("貨態", "物流"));
  CHECK(meets("順豐速遞", "快递"));
  CHECK(meets("門號", "手机号"));
  CHECK(meets("送貨費", "运费"));
  CHECK(meets("免費送貨", "包邮"));
  CHECK(meets("付款方式", "支付方式"));
  CHECK(!meets("鑑賞期", "发货时间"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto returns = test::publish(
      kb, draft("七天无理由退货", "签收后七天内可以申请退货，商品需保持完好。", "zh"));
  const auto invoice = test::publish(
      kb, draft("开发票", "所有订单都可以开电子发票，单位需要填写公司名称和税号。", "zh"));
  const auto fee =
      test::publish(kb, draft("运费和包邮", "全场满九十九元包邮，偏远地区运费另算。", "zh"));
  test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  CHECK(top(kb.search("有鑑賞期嗎")) == returns);
  CHECK(top(kb.search("可以存手機載具嗎")) == invoice);
  CHECK(top(kb.search("送貨費點計")) == fee);
}

TEST_CASE("a pinyin letter typed wrong finds its word below a fuzzy match, never over an exact one",
          "[kb][search][zh][pinyin]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto shipping = test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  const auto account =
      test::publish(kb, draft("账号注册", "用手机号注册账号，验证码六十秒内有效。", "zh"));
  test::publish(kb, draft("尺码表", "每个商品页都有尺码表。", "zh"));
  {
    const HomophoneIndex index(TermCounts::load(db, "kb_articles_terms"));
    // fa hua: one letter from fa huo, 发 kept.
    CHECK(index.one_letter_off("发滑") == std::optional<std::string>("发货"));
    CHECK(index.one_letter_off("发或") == std::nullopt);  // a homophone: sounds_like's
    CHECK(index.one_letter_off("组侧") == std::nullopt);  // a fuzzy match: sounds_near's
    // Both characters changed is two typos, not one.
    CHECK(index.one_letter_off("罚滑") == std::nullopt);
    CHECK(index.one_letter_off("发") == std::nullopt);
  }
  CHECK(top(kb.search("什么时候发滑")) == shipping);
  CHECK(top(kb.search("怎么组侧")) == account);
  // Weighed below a fuzzy match, a homophone and the word typed right.
  const auto off = kb.search("发滑时间");
  const auto homophone = kb.search("发或时间");
  const auto right = kb.search("发货时间");
  REQUIRE(!off.hits.empty());
  CHECK(off.hits[0].article_id == shipping);
  CHECK(right.confidence >= homophone.confidence);
  CHECK(homophone.confidence >= off.confidence);
  // The typed word is itself in an article: that article comes first, nothing is brought.
  CHECK(top(kb.search("发滑")) == shipping);
  const auto literal = test::publish(kb, draft("滑雪", "发滑是一个词。", "zh"));
  const auto exact = kb.search("发滑");
  REQUIRE(!exact.hits.empty());
  CHECK(exact.hits[0].article_id == literal);
}

TEST_CASE("shoppers' phrasings of a delay, money not back and a size gone meet the articles'",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  auto meets = [&t](const std::string& a, const std::string& b) {
    const auto x = t.terms(a);
    const auto y = t.terms(b);
    return std::any_of(x.begin(), x.end(), [&y](const std::string& term) {
      return term.size() >= 6 && std::find(y.begin(), y.end(), term) != y.end();
    });
  };
  CHECK(meets("一直没发", "发货可能延迟"));
  CHECK(meets("钱还没回来", "退款到账"));
  CHECK(meets("码没了", "已售罄"));
  // Before shipping is no delay: an article's 还没发货的时候 says nothing of one.
  CHECK(!meets("订单还没发货的时候", "延迟"));

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto delivery = test::publish(
      kb, draft("发货时间", "付款后四十八小时内发货，大促期间可能延迟一到三天。", "zh"));
  const auto refund =
      test::publish(kb, draft("退款多久到账", "退款审核通过后，原路退回到您付款的账户。", "zh"));
  const auto stock =
      test::publish(kb, draft("缺货和到货通知", "商品显示已售罄表示暂时没有库存。", "zh"));
  test::publish(kb,
                draft("修改收货地址", "订单还没发货的时候，可以在订单详情里修改收货地址。", "zh"));
  CHECK(top(kb.search("一直不发")) == delivery);
  CHECK(top(kb.search("钱还没回来")) == refund);
  CHECK(top(kb.search("我要的码没了")) == stock);
}

TEST_CASE("到付 is the carriage paid on arrival, not cash on delivery",
          "[kb][search][zh][synonyms]") {
  TextTokenizer t(ShopVocabulary::with_defaults());
  const auto terms = t.terms("寄回去能到付吗");
  CHECK(std::find(terms.begin(), terms.end(), "货到付款") == terms.end());
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto cod =
      test::publish(kb, draft("货到付款", "部分地区支持货到付款，可以用现金付给快递员。", "zh"));
  const auto postage = test::publish(
      kb, draft("退货运费谁出", "七天无理由退货寄回的运费由您承担。退货请不要用到付。", "zh"));
  CHECK(top(kb.search("退货能到付吗")) == postage);
  CHECK(top(kb.search("可以货到付款吗")) == cod);
}
