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
           {"包邮", "免邮", "免运费", "免运", "免费送货", "免送货费", "免邮费"},
           {"运费", "邮费", "快递费", "运费多少", "送货费", "运送费", "物流费"},
           {"没收到", "未收到", "收不到"},
           {"签收", "收到", "到手"},
           {"运单号", "快递单号", "物流单号", "追踪码", "查件码", "托运单号"},
           {"退款", "退钱", "退费", "返款", "钱回来", "钱退回", "钱没到", "钱没回来", "钱还没到",
            "钱还没回来"},
           {"尺码", "码数", "尺寸", "大小", "码子", "多大"},
           {"发票", "开票", "收据"},
           {"税号", "统编", "三联式", "三联"},
           {"发货", "出货", "寄出", "发出"},
           {"物流", "货运", "货态", "追踪"},
           {"保修", "保固", "质保"},
           {"积分", "点数", "红利点数", "红利积分", "红利"},
           {"优惠券", "优惠卷", "折价券", "券", "红包", "代金券", "抵用券", "优惠码", "折扣码",
            "折价码", "优惠代码"},
           {"人工客服", "真人", "人工"},
           {"价保", "价格保护", "补差价", "退差价", "补差额", "退差额", "保价", "价差", "退价差"},
           {"取消", "撤销", "撤单", "退单", "撤回"},
           {"自提", "自取", "到店取", "门店取"},
           {"门店", "门市"},
           {"快递柜", "驿站", "代收点", "智能柜", "自提柜", "丰巢"},
           {"个人信息", "个人资料", "个人资讯", "个资"},
           {"批发", "批量", "大量", "大批", "拿货", "批发价", "团购", "百件", "千件", "几十件"},
           {"正品", "真货", "原装", "正版", "行货", "真伪", "真假", "原厂"},
           {"假货", "高仿", "仿品", "山寨", "盗版", "仿货", "仿的", "复刻"},
           {"海外", "国外", "国际", "境外", "出国", "美国", "英国", "日本", "韩国", "加拿大",
            "澳洲", "澳大利亚", "新加坡", "马来西亚", "德国", "法国", "新西兰", "泰国", "欧洲"},
           {"港澳台", "香港", "澳门", "台湾"},
           {"登录", "登陆", "登入", "登不上", "登不进"},
           {"到账", "到帐", "入账"},
           {"破损", "损坏", "坏了", "碎了", "裂了", "坏掉"},
           {"发错", "错发", "寄错"},
           {"漏发", "少发", "少寄", "漏寄"},
           {"售罄", "卖完", "断货", "没货", "缺货", "卖光", "无货", "没库存", "断码", "缺码",
            "没码", "码没了", "没码了", "没尺码"},
           {"掉色", "褪色", "串色", "染色", "落色", "退色"},
           {"机洗", "洗衣机"},
           {"时间", "多久", "多长时间", "几天"},
           {"无理由", "不喜欢", "不想要", "不好看", "不满意", "不要了", "鉴赏期", "犹豫期"},
           // Taobao's words: 拍 is to order (not 拍下, which the articles also write of photos), a
           // sale is 秒杀.
           {"下单", "拍了", "已拍", "下了单", "订购", "落单", "下订"},
           {"误下单", "拍错", "下错单", "拍多", "多拍"},
           {"秒杀", "抢购", "限时抢购"},
           // Paying, and paying when the parcel comes.
           {"付款", "付钱", "给钱", "交钱", "支付", "买单", "结账", "付账"},
           {"付款失败", "付不了", "付不上", "付款不了", "支付失败", "支付不了", "付不出"},
           // (Not 到付: carriage paid by the receiver, 运费到付, which a return must not use.)
           {"货到付款", "货到付", "收货付款", "送货付款", "到货付款"},
           {"信用卡", "刷卡", "信用咭"},
           // Talking to the shop and when it answers.
           {"客服", "掌柜", "店家", "卖家", "商家", "小二", "店主"},
           {"工作时间", "上班时间", "营业时间", "服务时间", "在线时间", "几点上班", "几点下班",
            "服务时段", "营业时段"},
           {"晚上", "半夜", "夜里", "深夜", "凌晨", "夜间", "晚间"},
           {"在线", "有人", "线上"},
           {"回复", "答复", "回消息"},
           // Price, stock, orders in advance.
           {"降价", "便宜了", "跌价", "变便宜", "降了", "打折了", "掉价", "买贵了"},
           {"补货", "进货", "回货", "再进", "上货"},
           {"预售", "预购", "预订", "预定"},
           {"定金", "订金", "预付款"},
           // Accounts and messages (簡訊 is Taiwan's 短信).
           {"账号", "帐号", "账户", "帐户"},
           {"短信", "简讯"},
           {"验证码", "校验码", "短信码", "认证码", "动态码"},
           // Getting the parcel.
           {"送货上门", "宅配", "送到家", "送上门"},
           {"取件码", "取货码", "提货码"},
           {"配送", "寄送", "运送", "派送"},
           {"换货", "调换", "换码", "换号"}}) {
    for (const std::string& word : group) {
      if (has_han(word) && word.size() > 3) v.add_word(word);
    }
    v.add_synonyms(group);
  }
  // The general shop Chinese of round 4 (issue #26): a help centre's topics as customers name
  // them, grouped by meaning, the help centre's usual word first; none longer than five
  // characters (the tokenizer looks each position up to the longest word).
  for (const std::vector<std::string>& group : std::vector<std::vector<std::string>>{
           // What broke in use (a fault) and having it repaired.
           {"故障", "失灵", "不转", "没反应", "不工作", "开不了机", "开不机", "不能用", "用不了",
            "打不开", "不亮", "不充电", "充不进电", "死机", "黑屏", "没声音"},
           {"维修", "修理", "送修", "返修", "寄修", "报修", "修好"},
           // A parcel lost on the way.
           {"丢件", "丢了", "丢失", "不见", "弄丢", "寄丢", "找不到"},
           // Gifts and cards.
           {"礼品", "礼物", "送礼", "送人", "礼盒"},
           {"贺卡", "卡片", "祝福卡", "小卡片", "留言卡", "心意卡"},
           // Buying as a company.
           {"企业", "公司", "单位", "团体"},
           {"定制", "订制", "订做", "定做"},
           {"抬头", "发票抬头", "公司名称", "单位名称"},
           {"专用发票", "专票", "增值税发票", "增票"},
           {"电子发票", "电子票", "载具", "手机条码", "云端发票"},
           {"邮箱", "电子邮件", "电邮", "信箱"},
           // The people and things that carry a parcel.
           {"手机号", "手机号码", "电话号码", "号码", "门号", "手机门号"},
           {"包裹", "快件", "邮包"},
           {"快递员", "快递小哥", "送货员", "派件员", "配送员", "骑手"},
           {"催件", "催单", "加急"},
           {"延迟", "推迟", "延期", "晚发", "拖延", "还不发", "迟迟不发", "一直不发", "一直没发",
            "不发货"},
           {"节假日", "节日", "假期", "放假", "过年", "春节", "国庆", "五一", "中秋"},
           {"大促", "双十一", "双十二", "促销"},
           {"周末", "周六", "周日", "星期六", "星期天", "星期日", "礼拜六", "礼拜天"},
           {"拒收", "拒签", "不签收"},
           {"寄回", "寄回去", "退回去", "寄还", "退回来", "寄回来"},
           {"运费险", "退货险", "退换货险"},
           {"质量问题", "质量不好", "质量差", "瑕疵", "次品", "残次品", "做工差"},
           // Stock and free gifts.
           {"现货", "有现货"},
           {"到货通知", "到货提醒", "补货提醒", "到货提示"},
           {"停产", "下架", "不卖了", "绝版"},
           {"赠品", "小礼品", "赠送", "附赠"},
           {"照片", "图片", "拍照", "截图", "相片", "截屏"},
           // Money.
           {"免息", "无息", "零利息", "不要利息", "没利息"},
           {"分期", "分几期", "分几个月", "按月付", "月供"},
           {"余额", "零钱"},
           {"银行卡", "储蓄卡", "借记卡"},
           {"转账", "汇款", "打款"},
           {"现金", "现钞"},
           {"扫码", "二维码"},
           {"价格", "价钱", "售价", "标价"},
           {"新人", "新用户", "新客", "首单"},
           {"关税", "税费", "进口税", "交税", "缴税", "清关", "报关", "海关", "通关"},
           // Orders and accounts.
           {"订单", "单子"},
           {"忘记密码", "忘了密码", "密码忘了", "找回密码", "重置密码"},
           {"锁定", "冻结", "封号", "被封", "被锁"},
           {"注销", "销户", "删号"},
           {"删除", "删掉", "清除"},
           {"换绑", "改绑", "解绑", "重新绑定"},
           {"隐私", "个人隐私"},
           {"泄露", "泄漏", "外泄", "卖给", "出卖"},
           {"隐藏", "打码", "遮挡"},
           {"投诉", "举报", "维权"},
           {"客服电话", "热线", "服务热线", "客服专线", "服务专线", "免付费电话"},
           // Fitting and washing clothes.
           {"不合适", "不合身", "不合脚", "穿不下", "太大", "太小"},
           {"清洗", "洗涤", "洗护", "清洁"},
           {"晾干", "晾晒", "晒干", "烘干", "烘衣"},
           {"羽绒服", "羽绒衣", "羽绒外套", "棉服"},
           {"真丝", "丝绸", "桑蚕丝"},
           // Picking a parcel up.
           {"超商", "便利店", "便利商店", "店到店", "超商取货"},
           // Changing where a parcel goes: the article's 改地址, and why customers ask.
           {"改地址", "修改地址", "更改地址", "变更地址", "换地址", "换个地址", "新地址", "搬家",
            "地址变了"},
           // Taiwan's words for what the mainland names otherwise, which folding the script
           // leaves apart (t2s changes characters, not words: 資訊 is 资讯, never 信息): the
           // ones a help centre uses, picked from OpenCC's own table of them (TWPhrasesRev),
           // written folded. (资讯 and 线上 join 个人信息 and 在线 above, 截屏 joins 照片.)
           {"信息", "资讯"},
           {"联系", "联络"},
           {"设置", "设定"},
           {"视频", "影片"},
           {"屏幕", "萤幕", "荧幕", "显示屏"},
           {"消息", "讯息"},
           {"搜索", "搜寻"},
           {"打印", "列印"},
           {"软件", "软体"},
           {"默认", "预设"},
           {"点击", "点选"},
           {"查看", "检视"},
           // Taiwan's and Hong Kong's words for a shop's things that the groups above lack
           // (round 6): 快递 is 速递 in Hong Kong, a payment method 付款方式 everywhere.
           {"快递", "速递"},
           {"支付方式", "付款方式", "付费方式", "付款方法"}}) {
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
