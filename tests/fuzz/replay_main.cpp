// Replays the fuzz harnesses' seed inputs (tests/fuzz/corpus/<harness>/) through
// LLVMFuzzerTestOneInput in the ordinary GCC build and its ASan/UBSan build, as a CTest case:
// the short form of fuzzing that scripts/test runs (docs/load-testing.md "Fuzzing"). libFuzzer
// itself, which searches for new inputs, is scripts/fuzz (clang, build-fuzz).
//   <harness>_replay FILE_OR_FOLDER...
// A harness signals a failure by trapping, which fails the case; otherwise this prints how many
// inputs it replayed and exits 0. The harnesses' scratch files go to a folder of their own in
// $TMPDIR, removed at the end.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_in(const std::vector<std::string>& places) {
  std::vector<std::filesystem::path> found;
  for (const auto& place : places) {
    if (std::filesystem::is_directory(place)) {
      for (const auto& entry : std::filesystem::directory_iterator(place)) {
        if (entry.is_regular_file()) found.push_back(entry.path());
      }
    } else {
      found.emplace_back(place);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
    return 2;
  }
  const auto inputs = inputs_in(std::vector<std::string>(argv + 1, argv + argc));
  if (inputs.empty()) {
    std::fprintf(stderr, "no inputs in the places given\n");
    return 2;
  }
  std::string pattern = (std::filesystem::temp_directory_path() / "kefu-replay-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    std::perror("mkdtemp");
    return 2;
  }
  setenv("TMPDIR", pattern.c_str(), 1);
  for (const auto& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", input.c_str());
      return 2;
    }
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("replayed %zu inputs\n", inputs.size());
  std::fflush(stdout);
  std::filesystem::remove_all(pattern);
  // The harnesses keep a server's state in statics whose files are gone now: end without
  // running their destructors.
  std::_Exit(0);
}
