// braid::atomic<T>: std::atomic's interface; every access is a scheduling point. Sequentially
// consistent whatever memory_order is passed (weaker orders are not modelled yet: see
// docs/limitations.md). Operators resolve their source line from the caller's return address.
#pragma once

#include <atomic>
#include <source_location>
#include <type_traits>

#include "braid/detail/runtime_api.hpp"

namespace braid {

template <class T>
class atomic {
  static_assert(std::is_trivially_copyable_v<T>, "braid::atomic<T> needs a trivially copyable T");
  using loc_t = std::source_location;

 public:
  atomic() noexcept(std::is_nothrow_default_constructible_v<T>) : atomic(T{}) {}
  // NOLINTNEXTLINE(google-explicit-constructor): mirrors std::atomic
  atomic(T value, const char* name = nullptr, loc_t declared_at = loc_t::current())
      : value_(value), decl_{detail::ObjectKind::atomic, name, declared_at} {}
  atomic(const atomic&) = delete;
  atomic& operator=(const atomic&) = delete;

  T load(std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current()) const {
    access(detail::Access::load, loc);
    return value_;
  }
  void store(T v, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
    access(detail::Access::store, loc);
    value_ = v;
  }
  T exchange(T v, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current()) {
    access(detail::Access::rmw, loc);
    T old = value_;
    value_ = v;
    return old;
  }
  bool compare_exchange_strong(T& expected, T desired, std::memory_order = std::memory_order_seq_cst,
                               loc_t loc = loc_t::current()) {
    access(detail::Access::rmw, loc);
    if (value_ == expected) {
      value_ = desired;
      return true;
    }
    expected = value_;
    return false;
  }
  // Never fails spuriously here (a strong CAS is a valid weak one).
  bool compare_exchange_weak(T& expected, T desired, std::memory_order order = std::memory_order_seq_cst,
                             loc_t loc = loc_t::current()) {
    return compare_exchange_strong(expected, desired, order, loc);
  }

  T fetch_add(T d, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current())
    requires std::is_integral_v<T>
  {
    return rmw(loc, nullptr, [d](T v) { return static_cast<T>(v + d); });
  }
  T fetch_sub(T d, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current())
    requires std::is_integral_v<T>
  {
    return rmw(loc, nullptr, [d](T v) { return static_cast<T>(v - d); });
  }
  T fetch_and(T d, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current())
    requires std::is_integral_v<T>
  {
    return rmw(loc, nullptr, [d](T v) { return static_cast<T>(v & d); });
  }
  T fetch_or(T d, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current())
    requires std::is_integral_v<T>
  {
    return rmw(loc, nullptr, [d](T v) { return static_cast<T>(v | d); });
  }
  T fetch_xor(T d, std::memory_order = std::memory_order_seq_cst, loc_t loc = loc_t::current())
    requires std::is_integral_v<T>
  {
    return rmw(loc, nullptr, [d](T v) { return static_cast<T>(v ^ d); });
  }

  // Operators cannot take a source location: they pass the caller's return address instead
  // (noinline keeps that address in the caller).
  [[gnu::noinline]] operator T() const {  // NOLINT(google-explicit-constructor)
    access(detail::Access::load, loc_t::current(), __builtin_return_address(0));
    return value_;
  }
  [[gnu::noinline]] T operator=(T v) {
    access(detail::Access::store, loc_t::current(), __builtin_return_address(0));
    value_ = v;
    return v;
  }
  [[gnu::noinline]] T operator++()
    requires std::is_integral_v<T>
  {
    return rmw(loc_t::current(), __builtin_return_address(0), [](T v) { return static_cast<T>(v + 1); }) + 1;
  }
  [[gnu::noinline]] T operator++(int)
    requires std::is_integral_v<T>
  {
    return rmw(loc_t::current(), __builtin_return_address(0), [](T v) { return static_cast<T>(v + 1); });
  }
  [[gnu::noinline]] T operator--()
    requires std::is_integral_v<T>
  {
    return rmw(loc_t::current(), __builtin_return_address(0), [](T v) { return static_cast<T>(v - 1); }) - 1;
  }
  [[gnu::noinline]] T operator--(int)
    requires std::is_integral_v<T>
  {
    return rmw(loc_t::current(), __builtin_return_address(0), [](T v) { return static_cast<T>(v - 1); });
  }
  [[gnu::noinline]] T operator+=(T d)
    requires std::is_integral_v<T>
  {
    return rmw(loc_t::current(), __builtin_return_address(0), [d](T v) { return static_cast<T>(v + d); }) + d;
  }
  [[gnu::noinline]] T operator-=(T d)
    requires std::is_integral_v<T>
  {
    return rmw(loc_t::current(), __builtin_return_address(0), [d](T v) { return static_cast<T>(v - d); }) - d;
  }

 private:
  void access(detail::Access a, loc_t loc, const void* pc = nullptr) const {
    detail::atomic_access(handle_, decl_, a, loc, pc);
  }
  template <class F>
  T rmw(loc_t loc, const void* pc, F f) {
    access(detail::Access::rmw, loc, pc);
    T old = value_;
    value_ = f(old);
    return old;
  }

  // why: a single OS thread runs every modelled thread, so the value needs no real atomicity.
  T value_;
  detail::ObjectDecl decl_;
  mutable detail::Handle handle_;
};

}  // namespace braid
