// The replay token: short, copy-pasteable, versioned and validated (STYLE.md 5).
//
//   braid1.<version>.<test hash>.<settings>.<choices>.<check>
//   e.g. braid1.0-1-0.5a1c2e7f.s1m100000.01x4.2f1c
//
// version: the tool version with '.' written '-'; test hash: FNV-1a of the test name (replay
// refuses a token made for another test); settings: the options that change the schedule tree
// (s = spurious wake-ups, m = max steps, k when data races let an execution go on, as under
// --keep-going); choices: one base-32 digit per choice ('0'-'9','a'-'v'),
// 'x' + a count written like a value repeats the previous value that many more times (runs of 3
// or more: "1x2" is 1,1,1), '-' decimal '-' writes a value of 32 or more (every character
// is safe to paste unquoted into a shell); check: 16 bits of FNV-1a over everything before it, so a mistyped token is
// caught.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace braid::strategy {

struct Token {
  std::string version;
  std::uint32_t test_hash = 0;
  unsigned spurious_wakeups = 0;
  std::uint64_t max_steps = 0;
  bool keep_going = false;
  std::vector<std::uint32_t> choices;
};

std::uint32_t test_hash(std::string_view test_name);
std::string encode_token(const Token& token);
// The decoded token, or a one-line reason why the text is not a valid token.
std::variant<Token, std::string> decode_token(std::string_view text);

}  // namespace braid::strategy
