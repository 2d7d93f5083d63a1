#include "knowledge_base/shop_vocabulary.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <stdexcept>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/simplified_folding.hpp"

namespace kefu::kb {
namespace {

// Folds `word` with NFKC + case folding and returns its code points.
std::u32string fold(const std::string& word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold is not available");
  icu::UnicodeString folded = nfkc_cf->normalize(icu::UnicodeString::fromUTF8(word), status);
  if (U_FAILURE(status)) throw std::invalid_argument("vocabulary word cannot be normalised");
  SimplifiedFolding::instance().fold(folded);  // as the tokenizer folds the text
  std::u32string out;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    out.push_back(static_cast<char32_t>(folded.char32At(i)));
  }
  return out;
}

}  // namespace

ShopVocabulary ShopVocabulary::with_defaults() {
  ShopVocabulary v;
  // Words ICU 72's dictionary splits or segments by context, and others a shop's customers use.
  for (const char* w :
       {"退货",     "退款",     "换货",   "退换货", "包邮",   "免邮",       "运费",     "运费险",
        "没收到",   "未收到",   "收不到", "快递",   "物流",   "发货",       "签收",     "订单",
        "取消订单", "发票",     "保修",   "尺码",   "优惠券", "七天无理由", "售后",     "到货",
        "支付宝",   "微信支付", "花呗",   "分期",   "运单号", "快递单号",   "物流单号", "价保",
        "破损",     "漏发",     "错发",   "缺货",   "预售",   "积分",       "人工客服"}) {
    v.add_word(w);
  }
  // Shop Chinese: the words shoppers use for one thing, the article's usual word first (Chinese
  // only: an English word here would change English searches too). Each
  // word of a group is also a vocabulary word, so that it is a term wherever ICU cuts it.
  // Traditional and Taiwan / Hong Kong words are written folded (SimplifiedFolding): 免運 is
  // 免运, 保固 stays 保固.
  for (const std::vector<std::string>& group : std::vector<std::vector<std::string>>{
           {"包邮", "免邮", "免运费", "免运"},
           {"运费", "邮费", "快递费"},
           {"没收到", "未收到", "收不到"},
           {"签收", "收到", "到手"},
           {"运单号", "快递单号", "物流单号"},
           {"退款", "退钱"},
           {"尺码", "码数", "尺寸", "大小", "码子", "多大"},
           {"发票", "开票"},
           {"税号", "统编"},
           {"发货", "出货", "寄出", "发出"},
           {"物流", "货运"},
           {"保修", "保固", "质保"},
           {"积分", "点数"},
           {"优惠券", "优惠卷", "折价券", "券"},
           {"人工客服", "真人", "人工"},
           {"价保", "价格保护", "补差价", "退差价"},
           {"取消", "撤销", "撤单"},
           {"自提", "自取"},
           {"门店", "门市"},
           {"快递柜", "驿站", "代收点"},
           {"个人信息", "个人资料"},
           {"批发", "批量", "大量"},
           {"正品", "真货", "原装"},
           {"假货", "高仿"},
           {"海外", "国外", "国际"},
           {"港澳台", "香港", "澳门", "台湾"},
           {"登录", "登陆", "登入"},
           {"到账", "到帐", "入账"},
           {"破损", "损坏", "坏了", "碎了", "裂了"},
           {"发错", "错发", "寄错"},
           {"漏发", "少发", "少寄", "漏寄"},
           {"售罄", "卖完", "断货", "没货"},
           {"掉色", "褪色"},
           {"机洗", "洗衣机"},
           {"时间", "多久", "多长时间", "几天"},
           {"无理由", "不喜欢", "不想要", "不好看", "不满意", "不要了"}}) {
    for (const std::string& word : group) {
      if (has_han(word) && word.size() > 3) v.add_word(word);
    }
    v.add_synonyms(group);
  }
  v.add_synonyms({"refund", "reimbursement"});
  v.add_synonyms({"parcel", "package"});
  return v;
}

void ShopVocabulary::add_word(const std::string& word) {
  std::u32string folded = fold(word);
  if (folded.empty()) throw std::invalid_argument("vocabulary word is empty");
  if (folded.size() > 16)
    throw std::invalid_argument("vocabulary word is longer than 16 characters");
  longest_ = std::max(longest_, folded.size());
  words_.insert(std::move(folded));
}

void ShopVocabulary::add_synonyms(const std::vector<std::string>& words) {
  if (words.size() < 2) throw std::invalid_argument("a synonym group needs at least two words");
  for (const std::string& w : words) {
    if (w.empty()) throw std::invalid_argument("a synonym is empty");
  }
  groups_.push_back(words);
}

}  // namespace kefu::kb
