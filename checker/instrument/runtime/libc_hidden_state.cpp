#include "checker/instrument/runtime/libc_hidden_state.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "checker/instrument/runtime/real.hpp"
#include "checker/instrument/runtime/state.hpp"
#include "checker/runtime/site_format.hpp"

extern "C" {
// The result buffers, shared by every thread as libc's are. Exported (default visibility), so
// that the program's reads of them are named after them (state.cpp names an address by its
// library's exported symbol) and buffer_named() knows them.
std::tm braid_tm_buffer;
char braid_asctime_buffer[128];  // as glibc's: room for any year, where asctime_r's 26 fall short
char braid_strerror_buffer[256];
}

namespace braid::instrument {
namespace {

// The hidden state of each function family, as a checker object. why process-wide handles, not
// per execution: a handle only names the object (like a program's global braid::atomic); each
// execution registers it afresh, under a key its address gives, the same in every execution.
// invariant: the result buffers first, in the order of ResultBuffer.
enum Hidden { kTm, kAsctime, kStrerror, kStrtok, kRandom, kHiddenCount };
struct HiddenObject {
  detail::Handle handle;
  detail::ObjectDecl decl;
};
HiddenObject g_hidden[kHiddenCount] = {
    {{}, {detail::ObjectKind::var, "localtime()/gmtime() struct tm", {}}},
    {{}, {detail::ObjectKind::var, "asctime()/ctime() text", {}}},
    {{}, {detail::ObjectKind::var, "strerror() text", {}}},
    {{}, {detail::ObjectKind::var, "strtok() cursor", {}}},
    {{}, {detail::ObjectKind::var, "rand() state", {}}},
};

// By ResultBuffer.
constexpr const char* kBufferSymbols[] = {"braid_tm_buffer", "braid_asctime_buffer", "braid_strerror_buffer"};

// The fields of a struct tm, which a program reads one by one (the texts it mostly hands to libc).
struct TmField {
  std::size_t offset;
  const char* name;
};
constexpr TmField kTmFields[] = {
    {offsetof(std::tm, tm_sec), "tm_sec"},     {offsetof(std::tm, tm_min), "tm_min"},
    {offsetof(std::tm, tm_hour), "tm_hour"},   {offsetof(std::tm, tm_mday), "tm_mday"},
    {offsetof(std::tm, tm_mon), "tm_mon"},     {offsetof(std::tm, tm_year), "tm_year"},
    {offsetof(std::tm, tm_wday), "tm_wday"},   {offsetof(std::tm, tm_yday), "tm_yday"},
    {offsetof(std::tm, tm_isdst), "tm_isdst"}, {offsetof(std::tm, tm_gmtoff), "tm_gmtoff"},
    {offsetof(std::tm, tm_zone), "tm_zone"},
};

// The reentrant twin a report suggests.
const char* twin_of(std::string_view function) {
  if (function == "localtime") return "localtime_r";
  if (function == "gmtime") return "gmtime_r";
  if (function == "asctime") return "asctime_r";
  if (function == "ctime") return "ctime_r";
  return "strerror_r";
}

// The part of a result buffer named `name` (state.cpp: "symbol+offset"): a struct tm's field by
// its name ("tm_year"), else the name quoted.
std::string part_named(const std::string& name, bool tm) {
  const std::size_t plus = name.find('+');
  const std::size_t offset = plus == std::string::npos ? 0 : std::strtoull(name.c_str() + plus + 1, nullptr, 10);
  for (const TmField& f : kTmFields) {
    if (tm && f.offset == offset) return f.name;
  }
  return "'" + name + "'";
}

// Copies `text` into `buffer` (of `size` bytes), cut to fit.
char* copy_into(char* buffer, std::size_t size, const char* text) {
  const std::size_t n = std::min(std::strlen(text), size - 1);
  std::memcpy(buffer, text, n);
  buffer[n] = '\0';
  return buffer;
}

// asctime's text into braid_asctime_buffer: asctime_r's, or for a year asctime_r has no room for
// (it stops at 26 characters), the real asctime's.
char* format_asctime(const std::tm* tm) {
  char text[26];
  const char* made = asctime_r(tm, text);
  if (made == nullptr) made = BRAID_REAL(asctime)(tm);
  if (made == nullptr) return nullptr;
  return copy_into(braid_asctime_buffer, sizeof braid_asctime_buffer, made);
}

char* format_strerror(int errnum) {
  return copy_into(braid_strerror_buffer, sizeof braid_strerror_buffer, BRAID_REAL(strerror)(errnum));
}

}  // namespace

bool LibcHiddenState::buffer_named(const std::string& name, ResultBuffer& which) {
  for (std::size_t i = 0; i < std::size(kBufferSymbols); ++i) {
    const std::size_t n = std::strlen(kBufferSymbols[i]);
    // invariant (state.cpp): an address in an exported symbol is named "symbol" or "symbol+offset".
    if (name.compare(0, n, kBufferSymbols[i]) == 0 && (name.size() == n || name[n] == '+')) {
      which = static_cast<ResultBuffer>(i);
      return true;
    }
  }
  return false;
}

LibcHiddenState::Call LibcHiddenState::call_here(rt::Execution& ex, const char* function, const void* pc) const {
  const rt::ThreadId t = ex.current_thread();
  std::span<const Frame> frames = stacks_.of(t);
  return Call{t, function, site_at(pc), {frames.begin(), frames.end()}};
}

void LibcHiddenState::point(rt::Execution& ex, int which, const void* pc) {
  // why: as for memory accesses (memory.cpp), a thread alone can interleave with nothing.
  if (ex.thread_count() < 2) return;
  ex.library_call(g_hidden[which].handle, g_hidden[which].decl, site_at(pc));
}

// A call that overwrites struct tm also writes each of its fields, as the variables the program
// reads them as. why: partial-order reduction then sees that the call conflicts with another
// thread's read of a field of its own result, and explores the call between that thread's call
// and its read; every field, always, since which ones a call touches must not depend on what
// other threads did before. The texts have no such points: a program hands them to libc (printf,
// strcpy), whose reads Braid does not see; pct and random still find their overwritten uses.
void LibcHiddenState::overwrite_points(rt::Execution& ex, ResultBuffer which, const void* pc) {
  point(ex, static_cast<int>(which), pc);
  if (which != ResultBuffer::tm || ex.thread_count() < 2) return;
  for (const TmField& f : kTmFields) {
    Object& o = current_state()->object(reinterpret_cast<char*>(&braid_tm_buffer) + f.offset, detail::ObjectKind::var);
    ex.library_call(o.handle, o.decl, site_at(pc));
  }
}

char* LibcHiddenState::strtok(rt::Execution& ex, char* s, const char* delim, const void* pc) {
  point(ex, kStrtok, pc);
  const Call now = call_here(ex, "strtok", pc);
  if (now.thread >= strtok_.unfinished.size()) strtok_.unfinished.resize(now.thread + 1);
  Call& mine = strtok_.unfinished[now.thread];
  if (s != nullptr) {
    strtok_.began = now;
    mine = now;
  } else if (mine.thread != rt::kNoThread && strtok_.began.thread != now.thread) {
    strtok_continued(ex, mine, now);
  }
  char* token = strtok_r(s, delim, &strtok_.cursor);
  if (token == nullptr) mine = Call{};  // the string is split to its end: the thread is done with it
  return token;
}

void LibcHiddenState::strtok_continued(rt::Execution& ex, const Call& mine, const Call& now) {
  const Call& other = strtok_.began;
  detect::BugDraft bug;
  bug.kind = BugKind::nonreentrant;
  bug.message = fmt::format(
      "strtok() is not reentrant: thread {} began splitting a string at {} and has not reached its end, but "
      "thread {}'s strtok(str) at {} has since replaced strtok's hidden cursor with its own string; thread {}'s "
      "strtok(NULL) at {} goes on with that string, not its own (strtok_r keeps the cursor in the caller). "
      "Thread {}: {}. Thread {}: {}",
      now.thread, rt::short_site(mine.site), other.thread, rt::short_site(other.site), now.thread,
      rt::short_site(now.site), now.thread, describe_stack(now.stack, now.site.pc, names_), other.thread,
      describe_stack(other.stack, other.site.pc, names_));
  bug.sites = {mine.site, other.site, now.site};
  ex.report(std::move(bug));
}

void LibcHiddenState::wrote(Buffer& b, Call call, bool returned) {
  ++b.version;
  if (returned) {
    if (call.thread >= b.returned.size()) b.returned.resize(call.thread + 1);
    b.returned[call.thread] = {b.version, call};
  }
  b.last = std::move(call);
}

std::tm* LibcHiddenState::localtime(rt::Execution& ex, const std::time_t* t, const void* pc) {
  overwrite_points(ex, ResultBuffer::tm, pc);
  tzset();  // why: localtime() follows TZ on every call; localtime_r need not
  if (localtime_r(t, &braid_tm_buffer) == nullptr) return nullptr;
  wrote(buffers_[static_cast<int>(ResultBuffer::tm)], call_here(ex, "localtime", pc), true);
  return &braid_tm_buffer;
}

std::tm* LibcHiddenState::gmtime(rt::Execution& ex, const std::time_t* t, const void* pc) {
  overwrite_points(ex, ResultBuffer::tm, pc);
  if (gmtime_r(t, &braid_tm_buffer) == nullptr) return nullptr;
  wrote(buffers_[static_cast<int>(ResultBuffer::tm)], call_here(ex, "gmtime", pc), true);
  return &braid_tm_buffer;
}

char* LibcHiddenState::asctime(rt::Execution& ex, const std::tm* tm, const void* pc) {
  overwrite_points(ex, ResultBuffer::asctime, pc);
  char* text = format_asctime(tm);
  if (text != nullptr) wrote(buffers_[static_cast<int>(ResultBuffer::asctime)], call_here(ex, "asctime", pc), true);
  return text;
}

// glibc's ctime is asctime(localtime(t)): it overwrites both buffers.
char* LibcHiddenState::ctime(rt::Execution& ex, const std::time_t* t, const void* pc) {
  overwrite_points(ex, ResultBuffer::tm, pc);
  tzset();
  if (localtime_r(t, &braid_tm_buffer) == nullptr) return nullptr;
  wrote(buffers_[static_cast<int>(ResultBuffer::tm)], call_here(ex, "ctime", pc), false);
  overwrite_points(ex, ResultBuffer::asctime, pc);
  char* text = format_asctime(&braid_tm_buffer);
  if (text != nullptr) wrote(buffers_[static_cast<int>(ResultBuffer::asctime)], call_here(ex, "ctime", pc), true);
  return text;
}

char* LibcHiddenState::strerror(rt::Execution& ex, int errnum, const void* pc) {
  overwrite_points(ex, ResultBuffer::strerror, pc);
  char* text = format_strerror(errnum);
  wrote(buffers_[static_cast<int>(ResultBuffer::strerror)], call_here(ex, "strerror", pc), true);
  return text;
}

int LibcHiddenState::rand(rt::Execution& ex, const void* pc) {
  point(ex, kRandom, pc);
  return random_.next();
}

void LibcHiddenState::srand(rt::Execution& ex, unsigned int seed, const void* pc) {
  point(ex, kRandom, pc);
  random_.seed(seed);
}

void LibcHiddenState::on_use(ResultBuffer which, const rt::Event& e, const detect::ExecutionView& view,
                             detect::BugSink& sink) {
  const Buffer& b = buffers_[static_cast<int>(which)];
  if (e.thread >= b.returned.size()) return;
  const auto& [version, mine] = b.returned[e.thread];
  // Not its result (another thread's pointer), still its result, or overwritten by itself.
  if (version == 0 || version == b.version || b.last.thread == e.thread) return;
  const Call& other = b.last;
  detect::BugDraft bug;
  bug.kind = BugKind::nonreentrant;
  const bool tm = which == ResultBuffer::tm;
  bug.message = fmt::format(
      "{}() is not reentrant: thread {} {} {} at {}, of the {} {}() returned to it at {}, but thread {}'s "
      "{}() at {} has since overwritten that static buffer with its own result ({} keeps the result in the "
      "caller's buffer). Thread {}: {}. Thread {}: {}",
      mine.function, e.thread, e.op == rt::Op::write ? "writes" : "reads", part_named(view.object_name(e.object), tm),
      rt::short_site(e.site), tm ? "struct tm" : "text", mine.function, rt::short_site(mine.site), other.thread,
      other.function, rt::short_site(other.site), twin_of(mine.function), e.thread,
      describe_stack(stacks_.of(e.thread), e.site.pc, names_), other.thread,
      describe_stack(other.stack, other.site.pc, names_));
  bug.sites = {mine.site, other.site, e.site};
  sink.report(std::move(bug));
}

}  // namespace braid::instrument
