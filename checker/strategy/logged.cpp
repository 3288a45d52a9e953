#include "checker/strategy/logged.hpp"

#include <fmt/format.h>

namespace braid::strategy {
namespace {

// The entries of a CallLog. Each view answer is logged with its argument, so that the replay
// checks that the parent's strategy asks the same question.
enum Tag : std::uint32_t { kAttach = 1, kPick, kPickData, kEnd, kThreadCount, kPending, kFinished, kHeld };

constexpr std::uint32_t kPendingWords = 8;

void encode(const PendingStep& p, std::uint32_t* w) {
  w[0] = static_cast<std::uint32_t>(p.op);
  w[1] = p.object;
  w[2] = static_cast<std::uint32_t>(p.key);
  w[3] = static_cast<std::uint32_t>(p.key >> 32);
  w[4] = p.aux;
  w[5] = static_cast<std::uint32_t>(p.aux_key);
  w[6] = static_cast<std::uint32_t>(p.aux_key >> 32);
  w[7] = p.target | (p.parked ? 0x80000000U : 0U);
}

PendingStep decode(const std::uint32_t* w) {
  PendingStep p;
  p.op = static_cast<rt::Op>(w[0]);
  p.object = w[1];
  p.key = std::uint64_t{w[2]} | std::uint64_t{w[3]} << 32;
  p.aux = w[4];
  p.aux_key = std::uint64_t{w[5]} | std::uint64_t{w[6]} << 32;
  p.target = w[7] & 0x7fffffffU;
  if (p.target == 0x7fffffffU) p.target = rt::kNoThread;
  p.parked = (w[7] & 0x80000000U) != 0;
  return p;
}

}  // namespace

void Recorder::put(std::uint32_t w) const {
  // why: the log is bounded (shared memory mapped before the fork); an execution that outgrows
  // it is reported by the parent, never written past the end.
  if (log_.len >= log_.capacity) {
    log_.overflow = true;
    return;
  }
  log_.words[log_.len++] = w;
}

// {tag, n, options..., current} before the call, the answer after it: the view answers the
// strategy asked for while choosing come in between, in the order it asked.
void Recorder::log_pick_call(std::uint32_t tag, std::span<const std::uint32_t> options, std::uint32_t current) {
  put(tag);
  put(static_cast<std::uint32_t>(options.size()));
  for (std::uint32_t o : options) put(o);
  put(current);
}

std::size_t Recorder::pick(std::span<const std::uint32_t> options, std::uint32_t current) {
  log_pick_call(kPick, options, current);
  std::size_t answer = inner_.pick(options, current);
  put(static_cast<std::uint32_t>(answer));
  return answer;
}

std::size_t Recorder::pick_data(std::span<const std::uint32_t> options, std::uint32_t current) {
  log_pick_call(kPickData, options, current);
  std::size_t answer = inner_.pick_data(options, current);
  put(static_cast<std::uint32_t>(answer));
  return answer;
}

void Recorder::attach(const StepView* view) {
  view_ = view;
  put(kAttach);
  inner_.attach(this);
}

void Recorder::end_execution() {
  put(kEnd);
  inner_.end_execution();
}

std::uint32_t Recorder::thread_count() const {
  std::uint32_t n = view_->thread_count();
  put(kThreadCount);
  put(n);
  return n;
}

PendingStep Recorder::pending(rt::ThreadId t) const {
  PendingStep p = view_->pending(t);
  std::uint32_t w[kPendingWords];
  encode(p, w);
  put(kPending);
  put(t);
  for (std::uint32_t x : w) put(x);
  return p;
}

bool Recorder::finished(rt::ThreadId t) const {
  bool f = view_->finished(t);
  put(kFinished);
  put(t);
  put(f ? 1 : 0);
  return f;
}

bool Recorder::held(rt::ObjectId object) const {
  bool h = view_->held(object);
  put(kHeld);
  put(object);
  put(h ? 1 : 0);
  return h;
}

void Replayer::mismatch(const char* what) const {
  throw std::runtime_error(
      fmt::format("the strategy diverged from the one in the execution's process ({} at word {} of {}): "
                  "the strategy is not deterministic",
                  what, pos_, log_.len));
}

std::uint32_t Replayer::take() const {
  if (pos_ >= log_.len) mismatch("a call past the end of the log");
  return log_.words[pos_++];
}

void Replayer::expect(std::uint32_t tag, std::uint32_t arg) const {
  if (take() != tag) mismatch("a different call");
  if (take() != arg) mismatch("a different argument");
}

void Replayer::replay_run() {
  if (log_.overflow) {
    throw std::runtime_error(
        fmt::format("an execution made more strategy calls than the call log holds ({} words)", log_.capacity));
  }
  std::vector<std::uint32_t> options;
  while (pos_ < log_.len) {
    std::uint32_t tag = log_.words[pos_];
    if (tag == kEnd) return;
    ++pos_;
    if (tag == kAttach) {
      inner_.attach(this);
      continue;
    }
    if (tag != kPick && tag != kPickData) mismatch("a view answer nobody asked for");
    options.resize(take());
    for (std::uint32_t& o : options) o = take();
    std::uint32_t current = take();
    std::size_t got = tag == kPick ? inner_.pick(options, current) : inner_.pick_data(options, current);
    if (static_cast<std::uint32_t>(got) != take()) mismatch("a different choice");
  }
}

void Replayer::replay_end() {
  if (take() != kEnd) mismatch("end_execution expected");
  inner_.end_execution();
  if (pos_ != log_.len) mismatch("calls left over after end_execution");
}

std::uint32_t Replayer::thread_count() const {
  if (take() != kThreadCount) mismatch("a different call");
  return take();
}

PendingStep Replayer::pending(rt::ThreadId t) const {
  expect(kPending, t);
  if (pos_ + kPendingWords > log_.len) mismatch("a truncated entry");
  PendingStep p = decode(&log_.words[pos_]);
  pos_ += kPendingWords;
  return p;
}

bool Replayer::finished(rt::ThreadId t) const {
  expect(kFinished, t);
  return take() != 0;
}

bool Replayer::held(rt::ObjectId object) const {
  expect(kHeld, object);
  return take() != 0;
}

}  // namespace braid::strategy
