#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kefu::kb {

// Runs `kefu kb ...`. `args` are the words after `kb` (a leading "kb" is skipped too):
//   eval --articles ARTICLES.csv --queries QUERIES.csv
//       builds fresh in-memory indexes (ours and the porter unicode61 baseline), runs every
//       query and prints the figures; the last line is one JSON object with r1, r5, mrr10,
//       auto_precision, auto_coverage, no_answer_handoff and the same under "baseline".
//       --learn-from QUERIES.csv [--learn-share S] replays a share of that file's answered lines
//       as agents' picks first; --misses OUT.txt writes each answerable question whose article
//       ours did not rank first (`miss QUESTION | want ID (rank N) | got ID`).
//   eval-data --train TRAIN.csv --test TEST.csv --articles OUT.csv --queries OUT.csv
//       turns an intent data set (Banking77, HINT3) into the two files eval reads.
//   import DIR --db PATH [--author NAME]    loads DIR/*.md (front matter) into the database
//   export DIR --db PATH                    writes every article to DIR as Markdown
//   search TEXT --db PATH [--locale zh|en]  prints the published articles found
// Writes everything, errors included, to `out`. Returns 0 on success, 2 for a usage error,
// 1 when the command failed (nothing was changed).
int run_kb_command(const std::vector<std::string>& args, std::ostream& out);

}  // namespace kefu::kb
