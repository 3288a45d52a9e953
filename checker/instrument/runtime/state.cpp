#include "checker/instrument/runtime/state.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstring>

#include "checker/runtime/vector_clock.hpp"

namespace braid::instrument {
namespace {

// why: like rt::current_execution, this only names the state of the execution in charge of this
// OS thread while it runs; the state itself belongs to that execution.
thread_local InstrumentState* t_state = nullptr;

// The variable's name (the program's symbol table, or a library's exported symbol), else its
// place in its module, else (the heap, a stack) its address.
std::string name_of(const void* addr, const DataNames* names) {
  if (names != nullptr) {
    if (std::string n = names->name(addr); !n.empty()) return n;
  }
  Dl_info info{};
  if (dladdr(addr, &info) != 0 && info.dli_sname != nullptr && info.dli_saddr != nullptr) {
    auto offset = static_cast<const char*>(addr) - static_cast<const char*>(info.dli_saddr);
    return offset == 0 ? std::string(info.dli_sname) : fmt::format("{}+{}", info.dli_sname, offset);
  } else if (info.dli_fname != nullptr && info.dli_fbase != nullptr) {
    // A static (unexported) variable: its place in its module, the same in every run.
    const char* file = std::strrchr(info.dli_fname, '/');
    auto offset = static_cast<const char*>(addr) - static_cast<const char*>(info.dli_fbase);
    return fmt::format("{}+0x{:x}", file != nullptr ? file + 1 : info.dli_fname, offset);
  }
  return fmt::format("{}", addr);  // the heap or a stack
}

std::uint64_t key_of(const void* addr, detail::ObjectKind kind) {
  return reinterpret_cast<std::uintptr_t>(addr) ^ (std::uint64_t{static_cast<std::uint8_t>(kind)} << 56);
}

}  // namespace

Object& InstrumentState::object(const void* addr, detail::ObjectKind kind, std::int64_t initial, std::int64_t limit) {
  changing_ = true;
  auto [it, fresh] = objects_.try_emplace(key_of(addr, kind));
  Object& o = it->second;
  if (fresh) {
    o.name = name_of(addr, names);
    o.decl = detail::ObjectDecl{kind, o.name.c_str(), std::source_location{}, initial, limit};
  }
  changing_ = false;
  return o;
}

void InstrumentState::forget(const void* addr, detail::ObjectKind kind) {
  changing_ = true;
  objects_.erase(key_of(addr, kind));
  changing_ = false;
}

void InstrumentState::forget_range(const void* begin, std::size_t n) {
  constexpr std::uint64_t kAddress = (std::uint64_t{1} << 56) - 1;  // key_of's kind bits off
  const auto lo = reinterpret_cast<std::uintptr_t>(begin);
  changing_ = true;
  std::erase_if(objects_, [&](const auto& entry) {
    const std::uint64_t at = entry.first & kAddress;
    return at >= lo && at - lo < n;
  });
  changing_ = false;
}

InstrumentState* current_state() { return t_state; }

StateScope::StateScope(InstrumentState& s) : saved_(t_state) { t_state = &s; }
StateScope::~StateScope() { t_state = saved_; }

void end_state() { t_state = nullptr; }

void released(const void* p, std::size_t n) {
  // why changing(): erasing frees the map's nodes (and a rehash frees its buckets), which comes
  // back here while the map is mid-change.
  if (n == 0 || active() == nullptr || t_state->changing()) return;
  t_state->forget_range(p, n);
}

rt::Execution* active() {
  rt::Execution* ex = rt::Execution::current();
  if (ex == nullptr || t_state == nullptr || ex->current_thread() >= rt::kMaxThreads) return nullptr;
  return ex;
}

}  // namespace braid::instrument
