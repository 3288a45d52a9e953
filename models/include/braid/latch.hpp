// braid::latch: std::latch over the checker's waitable object. wait blocks until the count
// reaches zero; a count_down synchronises with the waits it lets through. Counting down below
// zero (std: undefined behaviour) is reported as misuse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <source_location>

#include "braid/detail/runtime_api.hpp"

namespace braid {

class latch {
 public:
  explicit latch(std::ptrdiff_t expected, const char* name = nullptr,
                 std::source_location declared_at = std::source_location::current())
      : decl_{detail::ObjectKind::latch, name, declared_at, expected, expected} {}
  latch(const latch&) = delete;
  latch& operator=(const latch&) = delete;

  void count_down(std::ptrdiff_t update = 1, std::source_location loc = std::source_location::current()) {
    detail::latch_count_down(handle_, decl_, update, loc);
  }
  bool try_wait(std::source_location loc = std::source_location::current()) const {
    return detail::latch_try_wait(handle_, decl_, loc);
  }
  void wait(std::source_location loc = std::source_location::current()) const {
    detail::latch_wait(handle_, decl_, loc);
  }
  void arrive_and_wait(std::ptrdiff_t update = 1, std::source_location loc = std::source_location::current()) {
    count_down(update, loc);
    wait(loc);
  }

  static constexpr std::ptrdiff_t max() noexcept { return PTRDIFF_MAX; }

 private:
  detail::ObjectDecl decl_;
  mutable detail::Handle handle_;
};

}  // namespace braid
