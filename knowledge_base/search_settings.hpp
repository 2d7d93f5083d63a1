#pragma once

#include <cstddef>
#include <cstdint>

// The knowledge base's search settings, shared by its index, its search and its schema: each
// says what it weighs and where it was chosen.
namespace kefu::kb {

// How much of an article's score is its bm25 as a whole; the rest is its best passages'.
inline constexpr double kArticleShare = 0.3;
inline constexpr int kArticleCandidates = 50;
inline constexpr int kPassageCandidates = 200;
inline constexpr std::size_t kPassagesCounted = 3;
// A query term in more than this share of the articles, and in more than kCommonTermMinDocs,
// is dropped: its idf is near zero and scoring its rows is most of a search's time. Small
// knowledge bases (under 5,000 articles) keep every term found in fewer than 100.
inline constexpr double kCommonTermShare = 0.02;
inline constexpr double kCommonTermMinDocs = 100;
inline constexpr std::int64_t kPassageSlots = 1024;  // > the 200 passages an article may have
// A term's idf among passages is scaled by its spread over the articles (WordSpread) to this
// power: words nearly every article's lines use do not choose the article through one line
// that shares them. Chosen on the dev split (README, "Word spread").
inline constexpr double kPassageSpreadPower = 0.35;
// The best candidates are re-ranked by their nearest passage in character grams
// (PassageSimilarity), which makes this share of their final score; the title counts as a
// passage. Chosen on the dev split of the HINT3 training files (4 folds; README).
inline constexpr std::size_t kRerankCandidates = 10;
inline constexpr double kSimilarityShare = 0.5;
// Added to a re-ranked candidate's score times the share of the question's terms its title
// holds. Chosen on the same dev split (0.4-0.6 a plateau; 0.8 and more let the title override
// the rest).
inline constexpr double kTitleWeight = 0.5;
// Added to a re-ranked candidate's score times the share of its title's Chinese words (ICU
// dictionary or shop words of two or more Han characters, not the bigrams across words) the
// question holds (NearestPassageRerank): a help centre's title names its topic, and of two
// titles holding the question's word the one naming little else is more likely meant. Chosen
// on zh-shop's dev split (0.075-0.125 its best, 0.15 and more lose dev questions;
// knowledge_base/README.md, "Round 5"). English titles hold no such words.
inline constexpr double kTitlePrecisionWeight = 0.1;
// Added to a re-ranked candidate's score times the probability the article classifier
// (ArticleClassifier, trained on the published articles' lines when the statistics are
// counted) gives it. Chosen on the same dev split (0.2-0.5 a plateau on both HINT3 sets).
inline constexpr double kClassifierWeight = 0.3;
// Added to a re-ranked candidate's score times the cosine of the question's meaning and the
// candidate's (word vectors; NearestPassageRerank). A word RelatedWords brought counts this
// much of its idf in both bm25s (its full weight let general words outvote the customer's own).
// Both chosen on the dev split (README, "Meaning from word vectors").
inline constexpr double kMeaningWeight = 0.3;
inline constexpr double kRelatedWordWeight = 0.5;
// What the tokenizer makes of text, in kb_index_version: an index written by another version
// is built again when a KnowledgeBase opens it. 2: Traditional folded to Simplified, shop
// Chinese synonym groups (issue #26); 3: the groups 时间 / 多久 and 无理由 / 不喜欢; 4: 多大 in
// the size group, the group 港澳台 / 香港 / 澳门 / 台湾; 5: the general shop-Chinese groups
// (Taobao words, paying, cash on delivery, authenticity, service hours, overseas, price drop,
// stock, quantity); 6: round 4's groups (faults and repair, lost parcels, gifts, companies,
// invoices, couriers, holidays, money, accounts, privacy, fitting and washing clothes); 7:
// Taiwan's words a help centre uses (资讯, 联络, 设定, 线上, 影片, 萤幕, ...) and the group 改地址
// / 搬家 / 新地址 (round 5); 8: Taiwan's and Hong Kong's shop words (鉴赏期, 个资, 红利点数,
// 优惠码, 载具, 三联式, 落单, 店到店, 智能柜, 货态, 速递, 门号, ...) and 付款方式 (round 6); 9:
// shoppers' phrasings of a delay (还不发, 一直没发), money not back (钱还没回来) and a size gone
// (码没了, 没码了) (round 6); 10: 到付 out of the cash-on-delivery group (round 6); 1 or none:
// before.
inline constexpr int kIndexVersion = 10;
// A Chinese word of the same pinyin as a question's word no article holds (HomophoneIndex):
// its share of its idf in both bm25s, below an exact match's 1; at most this many a question.
inline constexpr double kHomophoneWeight = 0.5;
inline constexpr std::size_t kMostHomophones = 4;
// A word a pinyin keyboard's fuzzy syllables reach (HomophoneIndex::sounds_near: z/zh, n/l,
// an/ang, ...) when no word has the same syllables: below a homophone. 0 turns it off.
inline constexpr double kFuzzyHomophoneWeight = 0.3;
// A word one pinyin letter from a question's word no article holds, keeping one of its two
// characters (HomophoneIndex::one_letter_off: 发滑 fa hua → 发货 fa huo), when it has neither
// a homophone nor a fuzzy match: below both. 0 turns it off.
inline constexpr double kLetterOffWeight = 0.25;
// An amount of a Chinese question written the other way (NumberReading: 99元 as 九十九元, 七天
// as 7): its share of its idf in both bm25s. The same amount, but a question's digits near a
// unit are sometimes no amount of the article's (a size, a weight), so below an exact match.
inline constexpr double kNumberReadingWeight = 0.8;
// No classifier is trained with more published articles than this (nor past its own limits,
// ArticleClassifier::train): a big knowledge base keeps its first search after a change quick.
inline constexpr double kMaxLearntArticles = 1000;
// What the shop's own questions add to the score of the article whose learnt questions are
// nearest the question (LearnedQuestions::evidence_for), times its lead over the next article's.
// Below what a strong title match scores (0.5 × bm25 + 0.5 × similarity + 0.5 × title
// coverage), so evidence alone does not overturn a clear answer. Chosen on zh-shop's dev split
// (knowledge_base/README.md, "Learned questions").
inline constexpr double kLearnedWeight = 0.6;

}  // namespace kefu::kb
