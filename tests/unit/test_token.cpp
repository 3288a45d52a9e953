// The replay token (checker/strategy/token.hpp): exact encodings, round trips of every choices
// shape (runs, values of 32 and more, none), the errors decode_token gives for text that is not
// a valid token, and the stability of test_hash (tokens already handed out must keep working).
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "checker/strategy/token.hpp"

namespace braid::strategy {
namespace {

// FNV-1a, as the token format specifies it: used here to seal hand-made token bodies, so that
// the check digits are right and the decoder has to look at the field the test damaged.
std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261U;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return h;
}

std::string seal(const std::string& body) {
  char check[8];
  std::snprintf(check, sizeof check, "%04x", fnv1a(body) & 0xffffU);
  return body + "." + check;
}

Token make(std::vector<std::uint32_t> choices) {
  Token t;
  t.version = "0.1.0";
  t.test_hash = test_hash("suite.name");
  t.spurious_wakeups = 1;
  t.max_steps = 100000;
  t.choices = std::move(choices);
  return t;
}

Token decoded(const std::string& text) {
  auto d = decode_token(text);
  if (const auto* err = std::get_if<std::string>(&d)) {
    ADD_FAILURE() << "'" << text << "' did not decode: " << *err;
    return {};
  }
  return std::get<Token>(d);
}

std::string error_of(std::string_view text) {
  auto d = decode_token(text);
  if (std::holds_alternative<Token>(d)) {
    ADD_FAILURE() << "'" << text << "' decoded, but it should have been refused";
    return {};
  }
  std::string err = std::get<std::string>(d);
  EXPECT_FALSE(err.empty());
  EXPECT_EQ(err.find('\n'), std::string::npos) << "a one-line message: " << err;
  return err;
}

// The choices field of an encoded token (the fifth of its six '.'-separated fields).
std::string choices_field(const std::string& token) {
  std::size_t end = token.rfind('.');
  std::size_t begin = token.rfind('.', end - 1) + 1;
  return token.substr(begin, end - begin);
}

void expect_round_trip(const std::vector<std::uint32_t>& choices) {
  Token t = make(choices);
  std::string text = encode_token(t);
  Token back = decoded(text);
  EXPECT_EQ(back.choices, choices) << "token " << text;
  EXPECT_EQ(back.version, t.version);
  EXPECT_EQ(back.test_hash, t.test_hash);
  EXPECT_EQ(back.spurious_wakeups, t.spurious_wakeups);
  EXPECT_EQ(back.max_steps, t.max_steps);
}

TEST(Token, EncodesEveryFieldInTheDocumentedLayout) {
  Token t = make({0, 1, 1, 1, 1, 1, 2});
  t.test_hash = 0x5a1c2e7fU;
  std::string text = encode_token(t);
  // braid1.<version with '-'>.<hash>.<settings>.<choices>.<check>
  EXPECT_EQ(text.rfind("braid1.0-1-0.5a1c2e7f.s1m100000.", 0), 0U) << text;
  std::string check = text.substr(text.rfind('.') + 1);
  ASSERT_EQ(check.size(), 4U) << text;
  EXPECT_EQ(check.find_first_not_of("0123456789abcdef"), std::string::npos) << text;
  EXPECT_EQ(text, seal(text.substr(0, text.rfind('.'))));
}

TEST(Token, ChoicesUseOneBase32DigitEach) {
  EXPECT_EQ(choices_field(encode_token(make({0, 1, 2, 9, 10, 31}))), "0129av");
  EXPECT_EQ(choices_field(encode_token(make({3, 3}))), "33") << "a run of two is written out";
}

TEST(Token, RunsOfThreeOrMoreAreShortened) {
  std::string run = choices_field(encode_token(make(std::vector<std::uint32_t>(40, 0))));
  EXPECT_EQ(run.rfind("0x", 0), 0U) << run;
  EXPECT_LT(run.size(), 8U) << run;
  EXPECT_EQ(choices_field(encode_token(make({5, 5, 5}))).rfind("5x", 0), 0U);
}

TEST(Token, ValuesOf32AndMoreAreWrittenInDecimal) {
  std::string big = choices_field(encode_token(make({32, 1000, 4294967295U})));
  EXPECT_NE(big.find("32"), std::string::npos) << big;
  EXPECT_NE(big.find("1000"), std::string::npos) << big;
  EXPECT_NE(big.find("4294967295"), std::string::npos) << big;
}

// The token is pasted into shells unquoted (--replay=TOKEN): every character must be one that
// no shell treats specially, whatever the choices (thread ids reach 63).
TEST(Token, IsSafeToPasteIntoAShell) {
  std::vector<std::uint32_t> cs;
  for (std::uint32_t v = 0; v < 64; ++v) cs.insert(cs.end(), v % 4 + 1, v);
  std::string text = encode_token(make(cs));
  const std::string safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:,+=@%/";
  std::size_t bad = text.find_first_not_of(safe);
  EXPECT_EQ(bad, std::string::npos) << "'" << text[bad] << "' in " << text;
  Token back = decoded(text);
  EXPECT_EQ(back.choices, cs);
}

TEST(Token, RoundTripsSimpleChoices) {
  expect_round_trip({0});
  expect_round_trip({0, 1, 2, 1, 0});
  expect_round_trip({31, 0, 31});
}

TEST(Token, RoundTripsEmptyChoices) {
  Token t = make({});
  std::string text = encode_token(t);
  EXPECT_EQ(choices_field(text), "");
  expect_round_trip({});
}

TEST(Token, RoundTripsRunsAtTheEnd) {
  expect_round_trip({1, 1, 1});
  expect_round_trip({2, 0, 0, 0, 0, 0, 0, 0});
}

// A run followed by another choice: the repeat count must not swallow the next digit.
TEST(Token, RoundTripsRunsFollowedByADigit) {
  expect_round_trip({0, 0, 0, 1});
  expect_round_trip({0, 1, 1, 1, 1, 1, 2});
  expect_round_trip({1, 1, 1, 1, 0, 2, 2, 2, 3});
}

TEST(Token, RoundTripsRunsFollowedByALetterDigit) {
  expect_round_trip({0, 0, 0, 10});
  expect_round_trip({7, 7, 7, 7, 31, 31, 31});
}

TEST(Token, RoundTripsLargeValuesAndRunsOfThem) {
  expect_round_trip({32});
  expect_round_trip({32, 33, 1000, 0, 4294967295U});
  expect_round_trip({100, 100, 100, 100, 100, 7});
  expect_round_trip({(1u << 20), (1u << 20), (1u << 20), 2});
}

TEST(Token, RoundTripsALongMixedTrail) {
  std::vector<std::uint32_t> cs;
  for (std::uint32_t i = 0; i < 500; ++i) cs.push_back((i * 7 + i / 13) % (i % 5 == 0 ? 3 : 40));
  expect_round_trip(cs);
}

TEST(Token, RoundTripsTheSettingsAndTheVersion) {
  Token t = make({1, 0});
  t.version = "12.34.5";
  t.spurious_wakeups = 7;
  t.max_steps = 18446744073709551615ULL;
  t.test_hash = 0;
  Token back = decoded(encode_token(t));
  EXPECT_EQ(back.version, "12.34.5");
  EXPECT_EQ(back.spurious_wakeups, 7U);
  EXPECT_EQ(back.max_steps, 18446744073709551615ULL);
  EXPECT_EQ(back.test_hash, 0U);
  EXPECT_EQ(back.choices, (std::vector<std::uint32_t>{1, 0}));
}

TEST(Token, RefusesGarbage) {
  for (std::string_view text : {"", "garbage", "braid1", "a.b.c.d.e.f", "braid1.0-1-0"}) {
    std::string err = error_of(text);
    EXPECT_NE(err.find("not a Braid replay token"), std::string::npos) << text << ": " << err;
  }
  // The right shape, every field empty: refused (by its check digits).
  EXPECT_FALSE(error_of("braid1.....").empty());
}

TEST(Token, RefusesAnotherMagic) {
  std::string good = encode_token(make({0, 1}));
  std::string other = "braid2" + good.substr(6);
  EXPECT_NE(error_of(other).find("not a Braid replay token"), std::string::npos);
  // Even with check digits that match the new text.
  std::string resealed = seal(other.substr(0, other.rfind('.')));
  EXPECT_NE(error_of(resealed).find("not a Braid replay token"), std::string::npos);
}

TEST(Token, RefusesTooManyOrTooFewFields) {
  std::string good = encode_token(make({0, 1}));
  EXPECT_NE(error_of(good + ".00").find("not a Braid replay token"), std::string::npos);
  EXPECT_NE(error_of(good.substr(0, good.rfind('.'))).find("not a Braid replay token"), std::string::npos);
}

// Every single-character change of a valid token is caught (a mistyped or half-copied token).
TEST(Token, RefusesAnyOneFlippedCharacter) {
  std::string good = encode_token(make({0, 1, 1, 1, 2, 0, 33, 3}));
  ASSERT_TRUE(std::holds_alternative<Token>(decode_token(good)));
  int refused = 0;
  for (std::size_t i = 0; i < good.size(); ++i) {
    if (good[i] == '.') continue;
    for (char replacement : {'0', '7', 'a', 'f'}) {
      if (replacement == good[i]) continue;
      std::string bad = good;
      bad[i] = replacement;
      auto d = decode_token(bad);
      EXPECT_TRUE(std::holds_alternative<std::string>(d))
          << "accepted a token with position " << i << " changed: " << bad;
      ++refused;
    }
  }
  EXPECT_GT(refused, 100);
}

TEST(Token, DamagedCheckDigitsSayTheTokenIsDamaged) {
  std::string good = encode_token(make({2, 1, 0}));
  std::string bad = good;
  // Flip one choice: the check digits no longer match.
  std::size_t at = good.rfind('.') - 1;
  bad[at] = bad[at] == '0' ? '1' : '0';
  EXPECT_NE(error_of(bad).find("damaged"), std::string::npos) << bad;
  // Flip one check digit.
  std::string bad_check = good;
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  EXPECT_NE(error_of(bad_check).find("damaged"), std::string::npos) << bad_check;
  // A truncated copy.
  EXPECT_FALSE(error_of(good.substr(0, good.size() - 1)).empty());
}

TEST(Token, RefusesBadSettings) {
  for (std::string settings : {"", "s1", "m100", "s1m", "sm100", "s1x100", "s1m100z", "t1m100", "s-1m100", "m1s100"}) {
    std::string text = seal("braid1.0-1-0.0000002a." + settings + ".01");
    std::string err = error_of(text);
    EXPECT_NE(err.find("bad settings"), std::string::npos) << text << ": " << err;
  }
}

TEST(Token, RefusesABadTestField) {
  for (std::string hash : {"", "zz", "12345678x", "-1"}) {
    std::string text = seal("braid1.0-1-0." + hash + ".s1m100.01");
    EXPECT_NE(error_of(text).find("bad test field"), std::string::npos) << text;
  }
}

TEST(Token, RefusesBadChoices) {
  auto with_choices = [](const std::string& c) { return seal("braid1.0-1-0.0000002a.s1m100." + c); };
  EXPECT_NE(error_of(with_choices("x3")).find("bad repeat"), std::string::npos) << "a repeat with nothing before it";
  EXPECT_NE(error_of(with_choices("1x")).find("bad repeat"), std::string::npos) << "a repeat without a count";
  EXPECT_NE(error_of(with_choices("1x-999999999-")).find("bad repeat"), std::string::npos) << "a huge repeat";
  EXPECT_NE(error_of(with_choices("1x-12")).find("bad repeat"), std::string::npos) << "an unclosed count";
  // A malformed value of 32 or more: unclosed, empty, over 32 bits.
  for (std::string bad : {"-12", "--", "-4294967296-", "0-", "-x1-"}) {
    std::string err = error_of(with_choices(bad));
    EXPECT_NE(err.find("choices"), std::string::npos) << bad << ": " << err;
  }
  std::string err = error_of(with_choices("01z"));
  EXPECT_NE(err.find("unexpected character 'z'"), std::string::npos) << err;
  EXPECT_NE(error_of(with_choices("0A")).find("unexpected character"), std::string::npos) << "digits are lower case";
}

// Tokens handed out earlier name their test by this hash: it must never change.
TEST(Token, TestHashIsStable) {
  EXPECT_EQ(test_hash(""), 0x811c9dc5U);
  EXPECT_EQ(test_hash("a"), 0xe40c292cU);
  EXPECT_EQ(test_hash("foobar"), 0xbf9cf968U);
  EXPECT_EQ(test_hash("bank_account.racy"), fnv1a("bank_account.racy"));
  EXPECT_EQ(test_hash("bank_account.racy"), test_hash(std::string("bank_account.") + "racy"));
  EXPECT_NE(test_hash("bank_account.racy"), test_hash("bank_account.locked"));
  EXPECT_NE(test_hash("lock_order.inverted"), test_hash("lock_order.Inverted"));
}

TEST(Token, TheTestHashIsWrittenAsEightHexDigits) {
  Token t = make({});
  t.test_hash = 0x2a;
  std::string text = encode_token(t);
  EXPECT_NE(text.find(".0000002a."), std::string::npos) << text;
  EXPECT_EQ(decoded(text).test_hash, 0x2aU);
}

}  // namespace
}  // namespace braid::strategy
