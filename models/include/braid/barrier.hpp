// braid::barrier: std::barrier over the checker's waitable object. Each phase waits for the
// expected number of arrivals; the last thread to arrive runs the completion function, then the
// phase's waiters go on. Every arrival of a phase happens before the completion, and the
// completion before every return from that phase's wait. arrive_and_drop also lowers the
// expected count of the following phases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <source_location>
#include <utility>

#include "braid/detail/runtime_api.hpp"

namespace braid {

namespace detail {
struct no_completion {
  void operator()() noexcept {}
};
}  // namespace detail

template <class CompletionFunction = detail::no_completion>
class barrier {
 public:
  explicit barrier(std::ptrdiff_t expected, CompletionFunction completion = CompletionFunction(),
                   const char* name = nullptr, std::source_location declared_at = std::source_location::current())
      : decl_{detail::ObjectKind::barrier, name, declared_at, expected, expected}, completion_(std::move(completion)) {}
  barrier(std::ptrdiff_t expected, const char* name, std::source_location declared_at = std::source_location::current())
      : barrier(expected, CompletionFunction(), name, declared_at) {}
  barrier(const barrier&) = delete;
  barrier& operator=(const barrier&) = delete;

  void arrive_and_wait(std::source_location loc = std::source_location::current()) {
    if (detail::barrier_arrive(handle_, decl_, false, loc)) {
      complete(loc);
    } else {
      detail::barrier_wait(handle_, decl_, loc);
    }
  }
  void arrive_and_drop(std::source_location loc = std::source_location::current()) {
    if (detail::barrier_arrive(handle_, decl_, true, loc)) complete(loc);
  }

  static constexpr std::ptrdiff_t max() noexcept { return PTRDIFF_MAX; }

 private:
  void complete(std::source_location loc) {
    completion_();
    detail::barrier_complete(handle_, decl_, loc);
  }

  detail::ObjectDecl decl_;
  detail::Handle handle_;
  CompletionFunction completion_;
};

barrier(std::ptrdiff_t) -> barrier<>;
barrier(std::ptrdiff_t, const char*) -> barrier<>;
barrier(std::ptrdiff_t, const char*, std::source_location) -> barrier<>;

}  // namespace braid
