// braid::var<T>: a plain shared variable. Every read and write is a scheduling point and is
// checked for data races (happens-before over vector clocks): two accesses from different
// threads, at least one a write, with no synchronisation between them, are a data_race.
#pragma once

#include <source_location>
#include <utility>

#include "braid/detail/runtime_api.hpp"

namespace braid {

template <class T>
class var {
  using loc_t = std::source_location;

 public:
  var() : var(T{}) {}
  // NOLINTNEXTLINE(google-explicit-constructor): reads like a plain variable
  var(T value, const char* name = nullptr, loc_t declared_at = loc_t::current())
      : value_(std::move(value)), decl_{detail::ObjectKind::var, name, declared_at} {}
  var(const var&) = delete;
  var& operator=(const var&) = delete;

  const T& get(loc_t loc = loc_t::current()) const {
    detail::var_access(handle_, decl_, false, loc);
    return value_;
  }
  void set(T v, loc_t loc = loc_t::current()) {
    detail::var_access(handle_, decl_, true, loc);
    value_ = std::move(v);
  }

  // `balance = balance + n` reads and writes like a plain int; the source line comes from the
  // caller's return address (noinline keeps it in the caller).
  [[gnu::noinline]] operator T() const {  // NOLINT(google-explicit-constructor)
    detail::var_access(handle_, decl_, false, loc_t::current(), __builtin_return_address(0));
    return value_;
  }
  [[gnu::noinline]] var& operator=(T v) {
    detail::var_access(handle_, decl_, true, loc_t::current(), __builtin_return_address(0));
    value_ = std::move(v);
    return *this;
  }

 private:
  T value_;
  detail::ObjectDecl decl_;
  mutable detail::Handle handle_;
};

}  // namespace braid
