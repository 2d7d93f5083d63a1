// How Chinese customers wrap a question (issue #26): question words, particles and English shop
// words mixed in are read as what they ask about.
#include <catch2/catch.hpp>

#include "kb_test_support.hpp"
#include "knowledge_base/knowledge_base.hpp"
#include "knowledge_base/question_words.hpp"

using namespace kefu::kb;
using kefu::kb::test::draft;

namespace {

std::int64_t top(const SearchResult& r) {
  return r.hits.empty() ? 0 : r.hits[0].article_id;
}

}  // namespace

TEST_CASE("question words and particles are blanked, asking when becomes 时间",
          "[kb][zh][question_words]") {
  CHECK(QuestionWords::plain("退货怎么弄") == "退货 ");
  CHECK(QuestionWords::plain("什么时候发货") == " 时间 发货");
  CHECK(QuestionWords::plain("什麼時候出貨") == " 时间 出货");  // Traditional folded first
  CHECK(QuestionWords::plain("能退不") == " 退 ");
  // 不 asks only at the end of a clause, which may end where its particles were blanked;
  // 坏了 keeps its 了.
  CHECK(QuestionWords::plain("不喜欢能退吗") == "不喜欢 退 ");
  CHECK(QuestionWords::plain("能退不吗") == " 退  ");
  CHECK(QuestionWords::plain("到了再付行不吗") == " 货到付款   ");  // paying on receipt
  CHECK(QuestionWords::plain("杯子坏了") == "杯子 坏了 ");
  CHECK(QuestionWords::plain("订单的refund到了吗") == "订单  退款 到  ");
  // Greetings, 的 and wanting say nothing of what is asked.
  CHECK(QuestionWords::plain("你好，我想换个颜色") == " ， 换个颜色");
  CHECK(QuestionWords::plain("我要退货") == " 退货");
  // 一个 counts nothing out: 都一个礼拜了 is a week, not one of anything an article names.
  CHECK(QuestionWords::plain("买了一个") == "买  ");
  // 前几天 says when the customer bought, not how many days anything takes (几天 asks that).
  CHECK(QuestionWords::plain("前几天买的") == " 买 ");
  CHECK(QuestionWords::plain("几天到") == "几天到");
  // English and anything without Han characters stay as they are.
  CHECK(QuestionWords::plain("when is my refund due?") == "when is my refund due?");
  CHECK(QuestionWords::plain("") == "");
}

TEST_CASE("a Chinese question is not drawn to an article by its question words",
          "[kb][search][zh][question_words]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const std::int64_t address = test::publish(
      kb, draft("修改收货地址", "订单还没发货的时候，可以在订单详情里修改收货地址。", "zh"));
  const std::int64_t delivery =
      test::publish(kb, draft("发货时间", "现货商品付款后四十八小时内发货。", "zh"));
  const std::int64_t sizes =
      test::publish(kb, draft("尺码怎么选", "每个商品页都有尺码表，对照尺码表选。", "zh"));
  const std::int64_t refunds =
      test::publish(kb, draft("退款多久到账", "退款审核通过后，原路退回到您付款的账户。", "zh"));
  const std::int64_t returns = test::publish(
      kb, draft("七天无理由退货", "签收后七天内可以申请退货，商品需保持完好。", "zh"));
  // 的时候 in the address article's line no longer answers 什么时候.
  CHECK(top(kb.search("什么时候发货")) == delivery);
  CHECK(top(kb.search("什麼時候出貨")) == delivery);
  // 怎么 in a title says nothing of a question that asks 怎么.
  CHECK(top(kb.search("我想退货怎么弄")) == returns);
  // 多久 is asking when; the refund article's title says it.
  CHECK(top(kb.search("退款什么时候到账")) == refunds);
  CHECK(top(kb.search("订单20261105883的refund到了吗")) == refunds);
  // 不喜欢 is the shop's 无理由.
  CHECK(top(kb.search("买了不喜欢能退不")) == returns);
  CHECK(address != 0);
  CHECK(sizes != 0);
}

TEST_CASE("a region's name finds the article on shipping there by the group 港澳台",
          "[kb][search][zh][question_words]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const std::int64_t address = test::publish(
      kb, draft("修改收货地址", "一个订单只能寄到一个地址，要寄往多个地址请分开下单。", "zh"));
  const std::int64_t overseas = test::publish(
      kb, draft("港澳台及海外配送", "海外訂單用國際快遞，一般七到十五個工作日送達。", "zh"));
  test::publish(kb, draft("发货时间", "现货商品付款后四十八小时内发货。", "zh"));
  test::publish(kb,
                draft("七天无理由退货", "签收后七天内可以申请退货，寄回的运费由您承担。", "zh"));
  test::publish(kb, draft("开发票", "所有订单都可以开电子发票，发票会发到您的邮箱。", "zh"));
  // The article names none of them but its title's 港澳台.
  CHECK(top(kb.search("台灣可以買嗎")) == overseas);
  CHECK(top(kb.search("在香港能买吗")) == overseas);
  CHECK(top(kb.search("能寄到两个地址吗")) == address);
}

TEST_CASE("paying on receipt, Taobao's 亲 and Cantonese question words are read",
          "[kb][zh][question_words]") {
  CHECK(QuestionWords::plain("收到货再给钱") == " 货到付款 ");
  CHECK(QuestionWords::plain("可以先收货后付款吗") == "  货到付款  ");
  CHECK(QuestionWords::plain("亲，包邮吗") == " ，包邮 ");
  CHECK(QuestionWords::plain("點樣退貨") == " 退货");  // Cantonese, folded first
  CHECK(QuestionWords::plain("冇貨") == "没货");       // Cantonese as Mandarin, joined
  // 了 stays where it says what happened: the price came down, paying failed.
  CHECK(QuestionWords::plain("降了") == " 降了 ");
  CHECK(QuestionWords::plain("付不了") == " 付不了 ");
  // A货 is a fake; original and a country in English are shop words.
  CHECK(QuestionWords::plain("是A货吗") == "是 假货  ");
  CHECK(QuestionWords::plain("是original吗") == "是 正品  ");
  CHECK(QuestionWords::plain("ship to Canada吗") == " 发货   to   海外  ");
  CHECK(QuestionWords::plain("ship to Singapore吗") == " 发货   to   海外  ");
  CHECK(QuestionWords::plain("寄Hongkong") == "寄 香港 ");
}

TEST_CASE("a way of asking inside a shop word stays in place: cannot, bought too dear, lost",
          "[kb][zh][question_words]") {
  // X不了 is "cannot X": its 了 stays, joined, so 开不了机 is still one word.
  CHECK(QuestionWords::plain("吹风机开不了机了") == "吹风机开不了机 ");
  CHECK(QuestionWords::plain("登不了") == "登不了");
  // Shop words holding a way of asking (了, 想) are read as the vocabulary writes them.
  CHECK(QuestionWords::plain("拆开了发现不想要了") == "拆开 发现不想要 ");
  CHECK(QuestionWords::plain("买贵了吗") == "买贵了 ");
  CHECK(QuestionWords::plain("包裹丢了") == "包裹丢了");
  CHECK(QuestionWords::plain("密码忘了") == "密码忘了");
  // Elsewhere 了 still goes.
  CHECK(QuestionWords::plain("发货了吗") == "发货  ");

  // The search: a hairdryer that no longer switches on is a warranty fault.
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto warranty =
      test::publish(kb, draft("保修和维修", "电器一年保修，非人为损坏的故障免费维修。", "zh"));
  test::publish(kb, draft("开发票", "可以开电子发票，发票会发到您的邮箱。", "zh"));
  test::publish(kb, draft("发货时间", "付款后四十八小时内发货。", "zh"));
  const auto r = kb.search("吹风机开不了机了");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].article_id == warranty);
}

TEST_CASE("chatter around a chat question is read as nothing: addressing, asking to ask, hurrying",
          "[kb][zh][question_words]") {
  CHECK(QuestionWords::plain("客服你好，保固多久，在线等") == " ，保固多久， ");
  CHECK(QuestionWords::plain("打扰一下，发票，麻烦尽快回复") == " ，发票，  ");
  CHECK(QuestionWords::plain("在你们家买的东西坏了") == "在 买   坏了 ");
  // The shop's service hours are still asked about in their own words.
  CHECK(QuestionWords::plain("客服几点在线") == "客服几点在线");

  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto hours = test::publish(
      kb, draft("客服工作时间", "在线客服每天早上九点到晚上十二点在线，留言会尽快回复。", "zh"));
  const auto warranty =
      test::publish(kb, draft("保修和维修", "电器类商品享受一年免费保修。", "zh"));
  CHECK(top(kb.search("客服你好，我想问一下，保修多久，在线等，急")) == warranty);
  CHECK(top(kb.search("客服几点在线")) == hours);
}

TEST_CASE("asking what is wrong (怎么回事, 什么情况) is read as nothing",
          "[kb][zh][question_words]") {
  CHECK(QuestionWords::plain("付不了钱怎么回事") == " 付不了 钱 ");
  CHECK(QuestionWords::plain("物流不动了什么情况") == "物流不动  ");
  CHECK(QuestionWords::plain("没收到货啥情况") == "没收到货 ");

  // The search: 回 of 回事 no longer finds the article whose points are taken back (扣回).
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const auto paying =
      test::publish(kb, draft("支付方式", "付款失败请检查银行卡余额，或换一种方式再试。", "zh"));
  test::publish(kb, draft("会员积分", "一百积分可以抵一元钱。退货后，积分会被扣回。", "zh"));
  CHECK(top(kb.search("付不了钱怎么回事")) == paying);
}

TEST_CASE("Hong Kong's Cantonese and Taiwan's Bopomofo particles are read as Mandarin",
          "[kb][zh][question_words]") {
  // The words around them hold: 收不到 and 没货 are shop words, 不见 a lost parcel's.
  CHECK(QuestionWords::plain("收唔到貨") == "收不到货");
  CHECK(QuestionWords::plain("包裹唔見咗") == "包裹不见 ");
  CHECK(QuestionWords::plain("仲未收到") == "还没收到");
  // The question words they make are blanked as any other; 幾耐 asks how long.
  CHECK(QuestionWords::plain("點解仲未發貨") == " 还没发货");
  CHECK(QuestionWords::plain("寄到邊度要幾耐") == "寄到哪里要多久");
  CHECK(QuestionWords::plain("有冇得退") == " 得退");
  // A Bopomofo letter typed for a particle.
  CHECK(QuestionWords::plain("可以退貨ㄇ") == " 退货 ");
  // 係 alone is left: folded, it is the 系 of 联系.
  CHECK(QuestionWords::plain("聯繫客服") == "联系客服");
}

TEST_CASE("a question in Cantonese finds the article a Mandarin question finds",
          "[kb][search][zh][question_words]") {
  SQLite::Database db = test::memory_db();
  KnowledgeBase kb{db};
  const std::int64_t lost = test::publish(
      kb,
      draft("显示签收但没收到货", "物流显示已签收但您没拿到包裹，核实是丢件的我们补发。", "zh"));
  const std::int64_t stock =
      test::publish(kb, draft("缺货和到货通知", "商品显示已售罄表示暂时没有库存。", "zh"));
  test::publish(kb, draft("七天无理由退货", "签收后七天内可以申请退货，商品需保持完好。", "zh"));
  test::publish(kb, draft("发货时间", "现货商品付款后四十八小时内发货。", "zh"));
  CHECK(top(kb.search("收唔到貨")) == lost);
  CHECK(top(kb.search("唔見咗")) == lost);
  CHECK(top(kb.search("冇貨咗")) == stock);
}
