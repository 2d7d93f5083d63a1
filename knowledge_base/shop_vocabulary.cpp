#include "knowledge_base/shop_vocabulary.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace kefu::kb {
namespace {

// Folds `word` with NFKC + case folding and returns its code points.
std::u32string fold(const std::string& word) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC_Casefold is not available");
  icu::UnicodeString folded = nfkc_cf->normalize(icu::UnicodeString::fromUTF8(word), status);
  if (U_FAILURE(status)) throw std::invalid_argument("vocabulary word cannot be normalised");
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
  v.add_synonyms({"包邮", "免邮", "免运费"});
  v.add_synonyms({"没收到", "未收到", "收不到"});
  v.add_synonyms({"运单号", "快递单号", "物流单号"});
  v.add_synonyms({"退款", "退钱"});
  v.add_synonyms({"尺码", "码数", "尺寸"});
  v.add_synonyms({"发票", "开票"});
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
