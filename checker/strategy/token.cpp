#include "checker/strategy/token.hpp"

#include <fmt/format.h>

#include <charconv>

namespace braid::strategy {
namespace {

constexpr std::string_view kMagic = "braid1";
constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuv";
constexpr std::uint32_t kRadix = 32;

std::uint32_t fnv1a(std::string_view s) {
  std::uint32_t h = 2166136261U;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619U;
  }
  return h;
}

void append_value(std::string& out, std::uint32_t v) {
  if (v < kRadix) {
    out += kDigits[v];
  } else {
    out += fmt::format("-{}-", v);
  }
}

std::string encode_choices(const std::vector<std::uint32_t>& cs) {
  std::string out;
  for (std::size_t i = 0; i < cs.size();) {
    std::size_t run = 1;
    while (i + run < cs.size() && cs[i + run] == cs[i]) ++run;
    append_value(out, cs[i]);
    if (run >= 3) {
      out += 'x';
      append_value(out, static_cast<std::uint32_t>(run - 1));
    } else if (run == 2) {
      append_value(out, cs[i]);
    }
    i += run;
  }
  return out;
}

bool parse_number(std::string_view s, std::size_t& pos, std::uint64_t& out) {
  const char* begin = s.data() + pos;
  auto [end, ec] = std::from_chars(begin, s.data() + s.size(), out);
  if (ec != std::errc() || end == begin) return false;
  pos += static_cast<std::size_t>(end - begin);
  return true;
}

// Reads one value at s[i]: a digit, or '-' decimal '-'. Advances i.
bool read_value(std::string_view s, std::size_t& i, std::uint32_t& out) {
  if (i >= s.size()) return false;
  if (s[i] == '-') {
    std::uint64_t n = 0;
    ++i;
    if (!parse_number(s, i, n) || i >= s.size() || s[i] != '-' || n > 0xffffffffULL) return false;
    ++i;
    out = static_cast<std::uint32_t>(n);
    return true;
  }
  auto d = kDigits.find(s[i]);
  if (d == std::string_view::npos) return false;
  out = static_cast<std::uint32_t>(d);
  ++i;
  return true;
}

// Parses the choices field; returns an error message or "".
std::string decode_choices(std::string_view s, std::vector<std::uint32_t>& out) {
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == 'x') {
      ++i;
      std::uint32_t n = 0;
      if (out.empty() || !read_value(s, i, n) || n > 100000000) return "bad repeat in the choices";
      out.insert(out.end(), n, out.back());
    } else {
      std::uint32_t v = 0;
      if (!read_value(s, i, v)) return fmt::format("unexpected character '{}' in the choices", c);
      out.push_back(v);
    }
  }
  return {};
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string dotted_to_dashed(std::string v) {
  for (char& c : v) {
    if (c == '.') c = '-';
  }
  return v;
}

}  // namespace

std::uint32_t test_hash(std::string_view test_name) { return fnv1a(test_name); }

std::string encode_token(const Token& t) {
  std::string body = fmt::format("{}.{}.{:08x}.s{}m{}{}.{}", kMagic, dotted_to_dashed(t.version), t.test_hash,
                                 t.spurious_wakeups, t.max_steps, t.keep_going ? "k" : "", encode_choices(t.choices));
  return fmt::format("{}.{:04x}", body, fnv1a(body) & 0xffffU);
}

std::variant<Token, std::string> decode_token(std::string_view text) {
  auto parts = split(text, '.');
  if (parts.size() != 6 || parts[0] != kMagic) {
    return std::string("not a Braid replay token (expected braid1.<version>.<test>.<settings>.<choices>.<check>)");
  }
  std::string_view body = text.substr(0, text.rfind('.'));
  if (fmt::format("{:04x}", fnv1a(body) & 0xffffU) != parts[5]) {
    return std::string("the replay token is damaged (its check digits do not match; was it copied whole?)");
  }
  Token t;
  t.version = std::string(parts[1]);
  for (char& c : t.version) {
    if (c == '-') c = '.';
  }
  std::uint64_t hash = 0;
  auto [end, ec] = std::from_chars(parts[2].data(), parts[2].data() + parts[2].size(), hash, 16);
  if (ec != std::errc() || end != parts[2].data() + parts[2].size()) return std::string("bad test field in the token");
  t.test_hash = static_cast<std::uint32_t>(hash);
  std::string_view settings = parts[3];
  std::size_t pos = 1;
  std::uint64_t spurious = 0;
  if (settings.empty() || settings[0] != 's' || !parse_number(settings, pos, spurious) || pos >= settings.size() ||
      settings[pos] != 'm' || !parse_number(settings, ++pos, t.max_steps)) {
    return std::string("bad settings field in the token");
  }
  if (pos < settings.size() && settings[pos] == 'k') {
    t.keep_going = true;
    ++pos;
  }
  if (pos != settings.size()) return std::string("bad settings field in the token");
  t.spurious_wakeups = static_cast<unsigned>(spurious);
  if (std::string err = decode_choices(parts[4], t.choices); !err.empty()) return err;
  return t;
}

}  // namespace braid::strategy
