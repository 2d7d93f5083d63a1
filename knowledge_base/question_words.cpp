#include "knowledge_base/question_words.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>
#include <utility>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/shop_vocabulary.hpp"
#include "knowledge_base/simplified_folding.hpp"

namespace kefu::kb {
namespace {

// One way of asking: the words as written (Simplified), what they become, and whether they
// count only at the end of a clause (a final 不 asks; 不喜欢 does not). Words kept `joined`
// stay where they are, not set apart by spaces, so the word around them holds (开不了机).
struct Asking {
  std::string_view words;
  std::string_view becomes;
  bool clause_final = false;
  bool joined = false;
};

// Longest first where one holds another (什么时候 before 什么). Among them, chatter around a
// question in a chat (客服你好 ... 东西): addressing the shop, asking to ask, hurrying, thanking.
constexpr std::array kAsking{Asking{"什么时候", "时间"},
                             Asking{"需不需要", " "},
                             Asking{"要不要", " "},
                             Asking{"会不会", " "},
                             Asking{"用不用", " "},
                             Asking{"有木有", " "},
                             Asking{"怎么搞", " "},
                             Asking{"咋样", " "},
                             Asking{"咋整", " "},
                             Asking{"是否", " "},
                             Asking{"你好", " "},
                             Asking{"您好", " "},
                             Asking{"在吗", " "},
                             Asking{"谢谢", " "},
                             Asking{"麻烦", " "},
                             Asking{"客服你好", " "},
                             Asking{"客服您好", " "},
                             Asking{"客服在吗", " "},
                             Asking{"亲爱的客服", " "},
                             Asking{"咨询一下", " "},
                             Asking{"咨询下", " "},
                             Asking{"咨询", " "},
                             Asking{"问一下", " "},
                             Asking{"问下", " "},
                             Asking{"想问", " "},
                             Asking{"请教", " "},
                             Asking{"打扰一下", " "},
                             Asking{"打扰了", " "},
                             Asking{"打扰", " "},
                             Asking{"在线等", " "},
                             Asking{"急急急", " "},
                             Asking{"急急", " "},
                             Asking{"很急", " "},
                             Asking{"着急", " "},
                             Asking{"尽快回复", " "},
                             Asking{"请回复", " "},
                             Asking{"速回", " "},
                             Asking{"尽快", " "},
                             Asking{"辛苦了", " "},
                             Asking{"辛苦", " "},
                             Asking{"多谢", " "},
                             Asking{"感谢", " "},
                             Asking{"谢啦", " "},
                             Asking{"谢了", " "},
                             Asking{"你们家", " "},
                             Asking{"你们店", " "},
                             Asking{"贵店", " "},
                             Asking{"你家", " "},
                             Asking{"东西", " "},
                             Asking{"哈", " "},
                             Asking{"哇", " "},
                             Asking{"嗯", " "},
                             Asking{"呗", " "},
                             Asking{"噢", " "},
                             Asking{"喔", " "},
                             Asking{"哟", " "},
                             Asking{"的", " "},
                             Asking{"一个", " "},
                             Asking{"前几天", " "},
                             Asking{"这几天", " "},
                             Asking{"前两天", " "},
                             Asking{"这两天", " "},
                             Asking{"前些天", " "},
                             Asking{"前阵子", " "},
                             Asking{"我想", " "},
                             Asking{"我要", " "},
                             Asking{"想", " "},
                             Asking{"啥时候", "时间"},
                             Asking{"何时", "时间"},
                             Asking{"几时", "时间"},
                             Asking{"可不可以", " "},
                             Asking{"能不能", " "},
                             Asking{"是不是", " "},
                             Asking{"有没有", " "},
                             Asking{"行不行", " "},
                             Asking{"怎么办", " "},
                             Asking{"怎么弄", " "},
                             Asking{"怎么样", " "},
                             Asking{"为什么", " "},
                             Asking{"咋回事", " "},
                             Asking{"怎么回事", " "},
                             Asking{"什么情况", " "},
                             Asking{"啥情况", " "},
                             Asking{"怎么", " "},
                             Asking{"怎样", " "},
                             Asking{"如何", " "},
                             Asking{"什么", " "},
                             Asking{"请问", " "},
                             Asking{"一下", " "},
                             Asking{"可以", " "},
                             Asking{"能否", " "},
                             Asking{"不能", "不能"},
                             Asking{"能", " "},
                             Asking{"咋办", " "},
                             Asking{"咋", " "},
                             Asking{"啥", " "},
                             Asking{"吗", " "},
                             Asking{"呢", " "},
                             Asking{"啊", " "},
                             Asking{"吧", " "},
                             Asking{"呀", " "},
                             Asking{"哦", " "},
                             Asking{"嘛", " "},
                             Asking{"啦", " "},
                             Asking{"么", " "},
                             Asking{"了解", "了解"},
                             Asking{"坏了", "坏了"},
                             Asking{"碎了", "碎了"},
                             Asking{"裂了", "裂了"},
                             Asking{"不要了", "不要了"},
                             Asking{"拍了", "拍了"},
                             Asking{"降了", "降了"},
                             Asking{"便宜了", "便宜了"},
                             Asking{"打折了", "打折了"},
                             Asking{"付不了", "付不了"},
                             Asking{"付款不了", "付款不了"},
                             Asking{"支付不了", "支付不了"},
                             Asking{"不了", "不了", false, true},
                             Asking{"a货", "假货"},
                             Asking{"A货", "假货"},
                             Asking{"亲爱的", " "},
                             Asking{"亲亲", " "},
                             Asking{"亲们", " "},
                             Asking{"亲", " "},
                             Asking{"啲", " "},
                             Asking{"了", " "},
                             Asking{"行不", " ", true},
                             Asking{"不", " ", true}};

// Shop words customers mix into a Chinese question (订单的refund到了吗), as the articles write
// them: a general glossary of web-shop English, not the words of any one set's questions.
constexpr std::array<std::pair<std::string_view, std::string_view>, 67> kMixedEnglish{
    {{"refund", "退款"},      {"refunds", "退款"},   {"return", "退货"},
     {"returns", "退货"},     {"exchange", "换货"},  {"delivered", "签收"},
     {"delivery", "发货"},    {"shipping", "发货"},  {"ship", "发货"},
     {"shipped", "发货"},     {"tracking", "物流"},  {"track", "物流"},
     {"price", "价格"},       {"discount", "优惠"},  {"coupon", "优惠券"},
     {"invoice", "发票"},     {"receipt", "发票"},   {"size", "尺码"},
     {"cod", "货到付款"},     {"cash", "现金"},      {"cancel", "取消"},
     {"order", "订单"},       {"warranty", "保修"},  {"repair", "维修"},
     {"privacy", "个人信息"}, {"gdpr", "个人信息"},  {"data", "个人信息"},
     {"account", "账号"},     {"password", "密码"},  {"login", "登录"},
     {"gift", "礼品"},        {"stock", "库存"},     {"restock", "补货"},
     {"payment", "支付"},     {"pay", "付款"},       {"points", "积分"},
     {"member", "会员"},      {"vip", "会员"},       {"presale", "预售"},
     {"deposit", "定金"},     {"wholesale", "批发"}, {"bulk", "批发"},
     {"original", "正品"},    {"genuine", "正品"},   {"authentic", "正品"},
     {"fake", "假货"},        {"overseas", "海外"},  {"international", "海外"},
     {"abroad", "海外"},      {"usa", "海外"},       {"uk", "海外"},
     {"canada", "海外"},      {"japan", "海外"},     {"australia", "海外"},
     {"service", "客服"},     {"online", "在线"},    {"email", "邮箱"},
     {"singapore", "海外"},   {"malaysia", "海外"},  {"korea", "海外"},
     {"germany", "海外"},     {"france", "海外"},    {"thailand", "海外"},
     {"europe", "海外"},      {"hongkong", "香港"},  {"macau", "澳门"},
     {"taiwan", "台湾"}}};

// Hong Kong customers write Cantonese (收唔到, 寄咗, 有冇貨, 幾耐, 邊度), Taiwan's sometimes
// end a question with a Bopomofo letter for its particle (可以退貨ㄇ): each as the Mandarin a
// help centre's articles are written in, before anything else reads the question, so the
// words around it hold (收不到, 没货) and the question words it makes are blanked as any
// other. Written folded to Simplified (the question is folded first); longest first where one
// holds another. 係 alone is left (folded, it is the 系 of 联系).
constexpr std::array<std::pair<std::string_view, std::string_view>, 45> kCantonese{{
    {"唔该", "谢谢"},     {"唔使", "不用"},   {"唔系", "不是"},   {"系唔系", "是不是"},
    {"系咪", "是不是"},   {"有冇", "有没有"}, {"冇", "没"},       {"唔", "不"},
    {"咗", "了"},         {"乜嘢", "什么"},   {"乜", "什么"},     {"咩", "什么"},
    {"点解", "为什么"},   {"点样", "怎么"},   {"点算", "怎么办"}, {"几耐", "多久"},
    {"几多钱", "多少钱"}, {"几钱", "多少钱"}, {"几多", "多少"},   {"边度", "哪里"},
    {"边个", "谁"},       {"边间", "哪家"},   {"嘢", "东西"},     {"嘅", "的"},
    {"喺", "在"},         {"嚟", "来"},       {"睇", "看"},       {"攞", "取"},
    {"揾", "找"},         {"搵", "找"},       {"畀", "给"},       {"佢", "他"},
    {"而家", "现在"},     {"啱啱", "刚刚"},   {"啱", "合适"},     {"仲未", "还没"},
    {"埋单", "买单"},     {"谂", "想"},       {"ㄉ", "的"},       {"ㄇ", "吗"},
    {"ㄋ", "呢"},         {"ㄅ", "吧"},       {"ㄚ", "啊"},       {"ㄛ", "哦"},
    {"ㄌ", "了"},
}};

// `text` (folded to Simplified) with its Cantonese words and Bopomofo particles as Mandarin.
std::string as_mandarin(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto known = std::find_if(kCantonese.begin(), kCantonese.end(), [&](const auto& w) {
      return text.substr(i, w.first.size()) == w.first;
    });
    if (known != kCantonese.end()) {
      out += known->second;
      i += known->first.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

// Ways of saying "pay when the parcel comes" (收到货再付钱): a receiving word, then a paying
// word right after it, read as the shop's 货到付款.
constexpr std::array<std::string_view, 12> kOnReceipt{
    "收到货以后再", "收到货后再", "收到货再", "收货后再", "收货再", "收到再",
    "先收货后",     "先收货再",   "到货再",   "货到再",   "到了再", "送到再"};
constexpr std::array<std::string_view, 6> kPaying{"付钱", "付款", "给钱", "交钱", "付", "给"};

// The length in bytes of "pay on receipt" written at the start of `text`, or 0.
std::size_t paying_on_receipt(std::string_view text) {
  for (std::string_view receipt : kOnReceipt) {
    if (text.substr(0, receipt.size()) != receipt) continue;
    for (std::string_view paying : kPaying) {
      if (text.substr(receipt.size(), paying.size()) == paying)
        return receipt.size() + paying.size();
    }
  }
  return 0;
}

// The built-in shop words with Han characters (ShopVocabulary::with_defaults: 不想要, 不要了,
// 开不了机, ...), in UTF-8, and the longest one's length in bytes: a way of asking found inside
// one of them is part of the word, not a way of asking (the 想 of 不想要).
struct ShopWords {
  std::unordered_set<std::string> words;
  std::size_t longest = 0;

  ShopWords() {
    const ShopVocabulary vocabulary = ShopVocabulary::with_defaults();
    for (const std::u32string& word : vocabulary.words()) {
      std::string utf8;
      for (const char32_t c : word) append_utf8(utf8, c);
      if (!has_han(utf8)) continue;
      longest = std::max(longest, utf8.size());
      words.insert(std::move(utf8));
    }
  }

  // The length in bytes of the longest shop word at the start of `text`, or 0.
  std::size_t at_start(std::string_view text) const {
    for (std::size_t n = std::min(longest, text.size()); n >= 6; --n) {
      if (words.contains(std::string(text.substr(0, n)))) return n;
    }
    return 0;
  }

  static void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
};

const ShopWords& shop_words() {
  static const ShopWords words;
  return words;
}

// The length in bytes of the UTF-8 sequence that starts with `lead`.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  return lead >= 0xC0 ? 2 : 1;
}

// Whether the text at `at` starts a Han character (a clause goes on).
bool han_at(std::string_view text, std::size_t at) {
  if (at >= text.size()) return false;
  const std::size_t n =
      std::min(sequence_length(static_cast<unsigned char>(text[at])), text.size() - at);
  return has_han(text.substr(at, n));
}

// One pass over `text`: the clause-final ways of asking when `clause_final`, the others (and
// English shop words) when not.
std::string rewrite(std::string_view text, bool clause_final) {
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t i = 0;
  while (i < text.size()) {
    if (!clause_final) {
      if (const std::size_t n = paying_on_receipt(text.substr(i)); n > 0) {
        out += " 货到付款 ";
        i += n;
        continue;
      }
    }
    const Asking* found = nullptr;
    for (const Asking& a : kAsking) {
      if (a.clause_final != clause_final || text.substr(i, a.words.size()) != a.words) continue;
      if (a.clause_final && han_at(text, i + a.words.size())) continue;
      found = &a;
      break;
    }
    if (found == nullptr && !clause_final) {
      // A shop word holding a way of asking (不想要, 不要了) is kept whole.
      if (const std::size_t n = shop_words().at_start(text.substr(i)); n > 0) {
        out.append(text.substr(i, n));
        i += n;
        continue;
      }
    }
    if (found != nullptr && found->joined) {
      out += found->words;
      i += found->words.size();
      continue;
    }
    if (found != nullptr) {
      out += ' ';
      if (found->becomes != " ") {
        out += found->becomes;
        out += ' ';
      }
      i += found->words.size();
      continue;
    }
    if (!clause_final && std::isalpha(static_cast<unsigned char>(text[i])) != 0) {
      std::size_t end = i;
      std::string word;
      while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end])) != 0) {
        word += static_cast<char>(std::tolower(static_cast<unsigned char>(text[end])));
        ++end;
      }
      const auto known = std::find_if(kMixedEnglish.begin(), kMixedEnglish.end(),
                                      [&word](const auto& e) { return e.first == word; });
      out += ' ';
      out += known == kMixedEnglish.end() ? text.substr(i, end - i) : known->second;
      out += ' ';
      i = end;
      continue;
    }
    const std::size_t n =
        std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

}  // namespace

std::string QuestionWords::plain(std::string_view question) {
  if (!has_han(question)) return std::string(question);
  std::string text = rewrite(as_mandarin(SimplifiedFolding::instance().fold_utf8(question)), false);
  // A clause ends where the particles after it were blanked (能退不吗: 不, then 退), so the
  // clause-final words are read again until nothing changes (each pass can end one more).
  for (int pass = 0; pass < 4; ++pass) {
    std::string next = rewrite(text, true);
    if (next == text) break;
    text = std::move(next);
  }
  return text;
}

}  // namespace kefu::kb
