#include "checker/runtime/bug_builder.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>

#include "checker/report/symbolize.hpp"

namespace braid::rt {
namespace {

// The most steps a reported trace keeps (the last ones).
constexpr std::size_t kMaxTraceSteps = 1000;

// Resolves every return address of one bug with a single symbolizer run.
class SiteResolver {
 public:
  void want(const Site& s) {
    if (s.pc != nullptr) pcs_.emplace(s.pc, Location{});
  }
  void want_placeholders(const std::string& text) {
    for (std::size_t i = text.find('\x01'); i != std::string::npos; i = text.find('\x01', i + 1)) {
      std::size_t end = text.find('\x02', i);
      if (end == std::string::npos) break;
      std::uintptr_t v = std::stoull(text.substr(i + 1, end - i - 1), nullptr, 16);
      pcs_.emplace(reinterpret_cast<const void*>(v), Location{});  // NOLINT: an address we printed
    }
  }
  void resolve() {
    std::vector<const void*> list;
    for (auto& [pc, loc] : pcs_) list.push_back(pc);
    if (list.empty()) return;
    std::vector<Location> locs = report::symbolize(list);
    std::size_t i = 0;
    for (auto& [pc, loc] : pcs_) loc = locs[i++];
  }
  Location location(const Site& s) const {
    if (s.pc != nullptr) return pcs_.at(s.pc);
    if (s.loc.line() == 0) return Location{};
    return Location{s.loc.file_name(), s.loc.line(), s.loc.function_name()};
  }
  std::string text(const std::string& t) const {
    return report::resolve_placeholders(t, [this](const void* pc) {
      auto it = pcs_.find(pc);
      return it == pcs_.end() ? std::string("??") : report::short_location(it->second);
    });
  }

 private:
  std::map<const void*, Location> pcs_;
};

// The memory order of an atomic access or fence, when weaker than both sides (value 0).
std::string order_of(std::int64_t value) {
  if (value == 0) return {};
  if ((value & kNoAcquire) == 0) return "acquire";
  if ((value & kNoRelease) == 0) return "release";
  return "relaxed";
}

std::string detail_of(const detect::RecordedStep& s) {
  const Event& e = s.event;
  if (s.blocked) {
    return e.op == Op::join ? fmt::format("blocked: thread {} never finishes", e.value) : "blocked forever";
  }
  switch (e.op) {
    case Op::spawn:
      return fmt::format("starts thread {}", e.value);
    case Op::join:
      return fmt::format("thread {} finished", e.value);
    case Op::detach:
      return fmt::format("thread {}", e.value);
    case Op::try_lock:
    case Op::try_lock_shared:
      return e.value != 0 ? "acquired" : "busy";
    case Op::timed_lock:
      return e.value != 0 ? "acquired" : "timed out";
    case Op::lock_shared:
      return fmt::format("{} reader(s)", e.value);
    case Op::unlock_shared:
      return fmt::format("{} reader(s) left", e.value);
    case Op::wake:
      return e.value == kTimedOut ? "timed out" : e.value != 0 ? "spurious wake-up" : "notified";
    case Op::notify_one:
    case Op::notify_all:
      return fmt::format("{} waiting", e.value);
    case Op::acquire:
      return fmt::format("{} permits left", e.value);
    case Op::release:
      return fmt::format("{} permits released", e.value);
    case Op::try_acquire:
    case Op::try_wait:
    case Op::is_set:
      return e.value != 0 ? "yes" : "no";
    case Op::count_down:
      return fmt::format("count {}", e.value);
    case Op::arrive:
    case Op::drop:
      return e.value == 0 ? "completes the phase" : fmt::format("{} more to arrive", e.value);
    case Op::complete:
      return fmt::format("phase {} completed", e.value);
    case Op::load:
    case Op::store:
    case Op::rmw:
    case Op::fence:
      return order_of(e.value);
    default:
      return {};
  }
}

TraceStep step_at(const detect::RecordedStep& s, const Location& loc) {
  return TraceStep{s.event.thread, to_string(s.event.op), s.object, loc.file, loc.line, detail_of(s)};
}

}  // namespace

Bug build_bug(const detect::BugDraft& draft, const std::vector<detect::RecordedStep>& steps) {
  SiteResolver r;
  for (const Site& s : draft.sites) r.want(s);
  for (std::size_t i = steps.size() > kMaxTraceSteps ? steps.size() - kMaxTraceSteps : 0; i < steps.size(); ++i) {
    r.want(steps[i].event.site);
  }
  r.want_placeholders(draft.message);
  r.resolve();
  Bug bug;
  bug.kind = draft.kind;
  bug.message = r.text(draft.message);
  for (const Site& s : draft.sites) {
    Location loc = r.location(s);
    if (loc.line == 0 && loc.file.empty()) continue;
    bool dup = false;
    for (const Location& l : bug.locations) dup = dup || (l.file == loc.file && l.line == loc.line);
    if (!dup) bug.locations.push_back(std::move(loc));
  }
  // A livelock's trace can hold max_steps operations: keep its end, which shows the loop.
  std::size_t first = steps.size() > kMaxTraceSteps ? steps.size() - kMaxTraceSteps : 0;
  if (first > 0) {
    bug.trace.push_back(TraceStep{0, "...", "", "", 0, fmt::format("{} earlier steps omitted", first)});
  }
  for (std::size_t i = first; i < steps.size(); ++i) {
    bug.trace.push_back(step_at(steps[i], r.location(steps[i].event.site)));
  }
  return bug;
}

std::string reported_key(const Bug& b) {
  std::vector<std::string> lines;
  lines.reserve(b.locations.size());
  for (const Location& l : b.locations) lines.push_back(fmt::format("{}:{}", l.file, l.line));
  std::sort(lines.begin(), lines.end());
  return fmt::format("{}|{}", to_string(b.kind), fmt::join(lines, "|"));
}

}  // namespace braid::rt
