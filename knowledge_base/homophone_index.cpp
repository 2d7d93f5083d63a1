#include "knowledge_base/homophone_index.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "knowledge_base/han_script.hpp"
#include "knowledge_base/pinyin_reading.hpp"

namespace kefu::kb {
namespace {

// Whether the UTF-8 `text` is exactly two Han characters.
bool is_two_han(const std::string& text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  for (int n = 0; n < 2; ++n) {
    if (i >= length) return false;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);
    if (c < 0 || !is_han(c)) return false;
  }
  return i == length;
}

// Whether `a` ranks before `b`: more articles, then code point order (UTF-8 byte order).
bool before(double a_documents, const std::string& a, double b_documents, const std::string& b) {
  return a_documents != b_documents ? a_documents > b_documents : a < b;
}

using Ranked =
    std::unordered_map<std::string, std::pair<HomophoneIndex::Entry, HomophoneIndex::Entry>>;

// Keeps `term` among the two best words of `key`.
void rank(Ranked& best, const std::string& key, const std::string& term, double documents) {
  auto [it, added] = best.try_emplace(key);
  auto& [first, second] = it->second;
  const HomophoneIndex::Entry entry{term, documents};
  if (added) {
    first = entry;
  } else if (before(documents, term, first.documents, first.term)) {
    second = std::move(first);
    first = entry;
  } else if (second.term.empty() || before(documents, term, second.documents, second.term)) {
    second = entry;
  }
}

// The best word of `key` in `best` other than `word`.
std::optional<std::string> other_than(const Ranked& best, const std::string& key,
                                      const std::string& word) {
  const auto it = best.find(key);
  if (it == best.end()) return std::nullopt;
  const auto& [first, second] = it->second;
  if (first.term != word) return first.term;
  if (!second.term.empty()) return second.term;
  return std::nullopt;
}

// huo / hua as one (发滑 for 发货): tried, no dev question changed (README), so off.
constexpr bool kUaAsUo = false;

// One syllable as fuzzy_syllables writes it.
std::string fuzzy_syllable(std::string s) {
  if (s.size() > 2 && s[1] == 'h' && (s[0] == 'z' || s[0] == 'c' || s[0] == 's')) s.erase(1, 1);
  if (!s.empty() && s[0] == 'n' && s != "ng") s[0] = 'l';
  if (!s.empty() && s[0] == 'f') s[0] = 'h';
  if (s.size() >= 3 && s.ends_with("ng") &&
      (s[s.size() - 3] == 'a' || s[s.size() - 3] == 'e' || s[s.size() - 3] == 'i')) {
    s.pop_back();
  }
  if (kUaAsUo && s.size() >= 3 && s.ends_with("ua")) s.back() = 'o';
  return s;
}

// The syllables one letter (a-z) from `syllable`: one replaced, left out or added.
std::vector<std::string> one_letter_from(const std::string& syllable) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i <= syllable.size(); ++i) {
    for (char c = 'a'; c <= 'z'; ++c) {
      out.push_back(syllable.substr(0, i) + c + syllable.substr(i));
      if (i < syllable.size() && syllable[i] != c) {
        std::string replaced = syllable;
        replaced[i] = c;
        out.push_back(std::move(replaced));
      }
    }
    if (i < syllable.size() && syllable.size() > 1)
      out.push_back(syllable.substr(0, i) + syllable.substr(i + 1));
  }
  return out;
}

// Mandarin's syllables without tones, as PinyinReading writes them (ü as u: lü lu, nüe nue).
constexpr std::string_view kSyllables =
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can "
    "cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai "
    "chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den "
    "deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang "
    "fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang "
    "gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo "
    "ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken "
    "keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian "
    "liang liao lie lin ling liu lo long lou lu luan lue lun luo ma mai man mang mao me mei men "
    "meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian "
    "niang niao nie nin ning niu nong nou nu nuan nue nuo o ou pa pai pan pang pao pei pen peng "
    "pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan "
    "que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se "
    "sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang "
    "shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie "
    "ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao "
    "xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan "
    "yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi "
    "zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo";

// Each syllable's syllables one letter from it, worked out once per process.
const std::unordered_map<std::string, std::vector<std::string>>& syllable_neighbours() {
  static const auto table = [] {
    std::unordered_set<std::string> all;
    for (std::size_t i = 0; i < kSyllables.size();) {
      std::size_t end = kSyllables.find(' ', i);
      if (end == std::string_view::npos) end = kSyllables.size();
      all.emplace(kSyllables.substr(i, end - i));
      i = end + 1;
    }
    std::unordered_map<std::string, std::vector<std::string>> out;
    for (const std::string& s : all) {
      auto& near = out[s];
      for (std::string& v : one_letter_from(s)) {
        if (all.contains(v) && std::find(near.begin(), near.end(), v) == near.end())
          near.push_back(std::move(v));
      }
    }
    return out;
  }();
  return table;
}

// The first character of the UTF-8 `text` and the rest.
std::pair<std::string, std::string> first_character(const std::string& text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(s, i, length, c);
  return {text.substr(0, static_cast<std::size_t>(i)), text.substr(static_cast<std::size_t>(i))};
}

}  // namespace

std::optional<std::string> HomophoneIndex::one_letter_off(const std::string& word) const {
  if (!is_two_han(word) || sounds_like(word) || sounds_near(word)) return std::nullopt;
  const std::string key = PinyinReading::instance().syllables(word);
  const std::size_t space = key.find(' ');
  if (space == std::string::npos) return std::nullopt;
  const std::array<std::string, 2> syllables{key.substr(0, space), key.substr(space + 1)};
  const auto [first, second] = first_character(word);
  const std::array<std::string, 2> characters{first, second};
  std::optional<Entry> best;
  for (std::size_t wrong = 0; wrong < 2; ++wrong) {
    const std::size_t kept = 1 - wrong;
    const auto& neighbours = syllable_neighbours();
    const auto known = neighbours.find(syllables[wrong]);
    if (known == neighbours.end()) continue;  // no syllable of Mandarin
    for (const std::string& v : known->second) {
      const auto it = best_.find(wrong == 0 ? v + ' ' + syllables[1] : syllables[0] + ' ' + v);
      if (it == best_.end()) continue;
      for (const Entry* e : {&it->second.first, &it->second.second}) {
        if (e->term.empty() || e->term == word) continue;
        const auto [a, b] = first_character(e->term);
        if ((kept == 0 ? a : b) != characters[kept]) continue;
        if (!best || before(e->documents, e->term, best->documents, best->term)) best = *e;
      }
    }
  }
  if (!best) return std::nullopt;
  return best->term;
}

std::string HomophoneIndex::fuzzy_syllables(const std::string& syllables) {
  std::string out;
  std::size_t i = 0;
  while (i < syllables.size()) {
    std::size_t end = syllables.find(' ', i);
    if (end == std::string::npos) end = syllables.size();
    if (!out.empty()) out += ' ';
    out += fuzzy_syllable(syllables.substr(i, end - i));
    i = end + 1;
  }
  return out;
}

HomophoneIndex::HomophoneIndex(const TermCounts& counts) {
  PinyinReading& reading = PinyinReading::instance();
  for (const auto& [term, documents] : counts.all()) {
    if (documents <= 0 || !is_two_han(term)) continue;
    const std::string key = reading.syllables(term);
    if (key.empty()) continue;
    rank(best_, key, term, documents);
    rank(near_, fuzzy_syllables(key), term, documents);
  }
}

std::optional<std::string> HomophoneIndex::sounds_like(const std::string& word) const {
  if (!is_two_han(word)) return std::nullopt;
  const std::string key = PinyinReading::instance().syllables(word);
  if (key.empty()) return std::nullopt;
  return other_than(best_, key, word);
}

std::optional<std::string> HomophoneIndex::sounds_near(const std::string& word) const {
  if (!is_two_han(word)) return std::nullopt;
  const std::string key = PinyinReading::instance().syllables(word);
  if (key.empty() || other_than(best_, key, word)) return std::nullopt;
  auto near = other_than(near_, fuzzy_syllables(key), word);
  // A word of the same syllables as `word` itself is not a fuzzy match.
  if (near && PinyinReading::instance().syllables(*near) == key) return std::nullopt;
  return near;
}

}  // namespace kefu::kb
