// std::lock_guard and std::unique_lock over braid mutexes, specialised so that the lock and
// unlock they perform are reported at the user's line instead of a libstdc++ header line.
// why: the primary templates call m.lock() from inside <mutex>, where a defaulted
// source_location would name the header. Specialising a std template for a program-defined
// type is allowed ([namespace.std]); the specialisations keep the standard interface.
// std::scoped_lock over braid mutexes locks them one by one in a fixed global order (by
// address): std::lock's try-and-back-off loop would make the schedule tree unbounded.
// std::shared_lock over braid::shared_mutex takes it shared, reported at the user's line too.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <source_location>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

namespace braid {
class mutex;
class recursive_mutex;
class shared_mutex;
class timed_mutex;
}  // namespace braid

namespace braid::detail {

template <class M>
class lock_guard_impl {
 public:
  using mutex_type = M;
  explicit lock_guard_impl(M& m, std::source_location loc = std::source_location::current()) : m_(m), loc_(loc) {
    m_.lock(loc_);
  }
  lock_guard_impl(M& m, std::adopt_lock_t, std::source_location loc = std::source_location::current())
      : m_(m), loc_(loc) {}
  lock_guard_impl(const lock_guard_impl&) = delete;
  lock_guard_impl& operator=(const lock_guard_impl&) = delete;
  // The unlock is reported at the line that made the guard.
  ~lock_guard_impl() { m_.unlock(loc_); }

 private:
  M& m_;
  std::source_location loc_;
};

// How an owning lock takes its mutex: exclusively (std::unique_lock) or shared (std::shared_lock).
struct exclusive_mode {
  template <class M>
  static void lock(M& m, std::source_location loc) {
    m.lock(loc);
  }
  template <class M>
  static bool try_lock(M& m, std::source_location loc) {
    return m.try_lock(loc);
  }
  template <class M>
  static void unlock(M& m, std::source_location loc) {
    m.unlock(loc);
  }
};
struct shared_mode {
  template <class M>
  static void lock(M& m, std::source_location loc) {
    m.lock_shared(loc);
  }
  template <class M>
  static bool try_lock(M& m, std::source_location loc) {
    return m.try_lock_shared(loc);
  }
  template <class M>
  static void unlock(M& m, std::source_location loc) {
    m.unlock_shared(loc);
  }
};

// std::unique_lock's (and std::shared_lock's) interface, taking the mutex in Mode.
template <class M, class Mode>
class owning_lock_impl {
 public:
  using mutex_type = M;
  owning_lock_impl() noexcept = default;
  explicit owning_lock_impl(M& m, std::source_location loc = std::source_location::current()) : m_(&m), loc_(loc) {
    Mode::lock(*m_, loc);
    owns_ = true;
  }
  owning_lock_impl(M& m, std::defer_lock_t, std::source_location loc = std::source_location::current()) noexcept
      : m_(&m), loc_(loc) {}
  owning_lock_impl(M& m, std::try_to_lock_t, std::source_location loc = std::source_location::current())
      : m_(&m), loc_(loc) {
    owns_ = Mode::try_lock(*m_, loc);
  }
  owning_lock_impl(M& m, std::adopt_lock_t, std::source_location loc = std::source_location::current()) noexcept
      : m_(&m), owns_(true), loc_(loc) {}
  owning_lock_impl(const owning_lock_impl&) = delete;
  owning_lock_impl& operator=(const owning_lock_impl&) = delete;
  owning_lock_impl(owning_lock_impl&& o) noexcept { swap(o); }
  owning_lock_impl& operator=(owning_lock_impl&& o) noexcept {
    if (owns_) Mode::unlock(*m_, loc_);
    m_ = nullptr;
    owns_ = false;
    swap(o);
    return *this;
  }
  ~owning_lock_impl() {
    if (owns_) Mode::unlock(*m_, loc_);
  }

  void lock(std::source_location loc = std::source_location::current()) {
    check(false);
    Mode::lock(*m_, loc);
    owns_ = true;
  }
  bool try_lock(std::source_location loc = std::source_location::current()) {
    check(false);
    owns_ = Mode::try_lock(*m_, loc);
    return owns_;
  }
  void unlock(std::source_location loc = std::source_location::current()) {
    check(true);
    Mode::unlock(*m_, loc);
    owns_ = false;
  }
  // For a braid::timed_mutex (exclusive mode).
  template <class Rep, class Period>
  bool try_lock_for(const std::chrono::duration<Rep, Period>& d,
                    std::source_location loc = std::source_location::current()) {
    check(false);
    owns_ = m_->try_lock_for(d, loc);
    return owns_;
  }
  template <class Clock, class Duration>
  bool try_lock_until(const std::chrono::time_point<Clock, Duration>& t,
                      std::source_location loc = std::source_location::current()) {
    check(false);
    owns_ = m_->try_lock_until(t, loc);
    return owns_;
  }
  void swap(owning_lock_impl& o) noexcept {
    std::swap(m_, o.m_);
    std::swap(owns_, o.owns_);
    std::swap(loc_, o.loc_);
  }
  M* release() noexcept {
    M* m = m_;
    m_ = nullptr;
    owns_ = false;
    return m;
  }
  bool owns_lock() const noexcept { return owns_; }
  explicit operator bool() const noexcept { return owns_; }
  M* mutex() const noexcept { return m_; }

 private:
  // Mirrors std::unique_lock's errors: no mutex, or locking one already owned.
  void check(bool must_own) const {
    if (m_ == nullptr) throw std::system_error(std::make_error_code(std::errc::operation_not_permitted));
    if (owns_ != must_own) {
      throw std::system_error(std::make_error_code(must_own ? std::errc::operation_not_permitted
                                                            : std::errc::resource_deadlock_would_occur));
    }
  }

  M* m_ = nullptr;
  bool owns_ = false;
  std::source_location loc_;
};

template <class M>
class unique_lock_impl : public owning_lock_impl<M, exclusive_mode> {
 public:
  using owning_lock_impl<M, exclusive_mode>::owning_lock_impl;
};

template <class M>
class shared_lock_impl : public owning_lock_impl<M, shared_mode> {
 public:
  using owning_lock_impl<M, shared_mode>::owning_lock_impl;
};

template <class M>
concept braid_mutex = std::is_same_v<M, braid::mutex> || std::is_same_v<M, braid::recursive_mutex> ||
                      std::is_same_v<M, braid::shared_mutex> || std::is_same_v<M, braid::timed_mutex>;

// Locks every mutex in address order, a deadlock-free order whatever order the caller names
// them in (the guarantee std::scoped_lock gives).
template <class... M>
class scoped_lock_impl {
 public:
  explicit scoped_lock_impl(M&... m, std::source_location loc = std::source_location::current())
      : ms_{&m...}, loc_(loc) {
    sort();
    for (Lockable* l : order_) l->lock(loc_);
  }
  scoped_lock_impl(std::adopt_lock_t, M&... m, std::source_location loc = std::source_location::current())
      : ms_{&m...}, loc_(loc) {
    sort();
  }
  scoped_lock_impl(const scoped_lock_impl&) = delete;
  scoped_lock_impl& operator=(const scoped_lock_impl&) = delete;
  ~scoped_lock_impl() {
    for (std::size_t i = sizeof...(M); i-- > 0;) order_[i]->unlock(loc_);
  }

 private:
  // The mutexes by a common interface, for sorting.
  struct Lockable {
    virtual void lock(std::source_location loc) = 0;
    virtual void unlock(std::source_location loc) = 0;
    virtual const void* address() const = 0;
    virtual ~Lockable() = default;
  };
  template <class T>
  struct Ref final : Lockable {
    explicit Ref(T* t) : m(t) {}
    void lock(std::source_location loc) override { m->lock(loc); }
    void unlock(std::source_location loc) override { m->unlock(loc); }
    const void* address() const override { return m; }
    T* m;
  };
  void sort() {
    std::size_t i = 0;
    std::apply([&](auto&... r) { ((order_[i++] = &r), ...); }, ms_);
    std::sort(order_.begin(), order_.end(), [](const Lockable* a, const Lockable* b) {
      return std::less<const void*>()(a->address(), b->address());
    });
  }

  std::tuple<Ref<M>...> ms_;
  std::array<Lockable*, sizeof...(M)> order_{};
  std::source_location loc_;
};

}  // namespace braid::detail

namespace std {

template <>
class lock_guard<braid::mutex> : public braid::detail::lock_guard_impl<braid::mutex> {
  using lock_guard_impl::lock_guard_impl;
};
template <>
class lock_guard<braid::recursive_mutex> : public braid::detail::lock_guard_impl<braid::recursive_mutex> {
  using lock_guard_impl::lock_guard_impl;
};
template <>
class unique_lock<braid::mutex> : public braid::detail::unique_lock_impl<braid::mutex> {
  using unique_lock_impl::unique_lock_impl;
};
template <>
class unique_lock<braid::recursive_mutex> : public braid::detail::unique_lock_impl<braid::recursive_mutex> {
  using unique_lock_impl::unique_lock_impl;
};

template <>
class lock_guard<braid::shared_mutex> : public braid::detail::lock_guard_impl<braid::shared_mutex> {
  using lock_guard_impl::lock_guard_impl;
};
template <>
class unique_lock<braid::shared_mutex> : public braid::detail::unique_lock_impl<braid::shared_mutex> {
  using unique_lock_impl::unique_lock_impl;
};
template <>
class shared_lock<braid::shared_mutex> : public braid::detail::shared_lock_impl<braid::shared_mutex> {
  using shared_lock_impl::shared_lock_impl;
};
template <>
class lock_guard<braid::timed_mutex> : public braid::detail::lock_guard_impl<braid::timed_mutex> {
  using lock_guard_impl::lock_guard_impl;
};
template <>
class unique_lock<braid::timed_mutex> : public braid::detail::unique_lock_impl<braid::timed_mutex> {
  using unique_lock_impl::unique_lock_impl;
};

template <class... M>
  requires(sizeof...(M) > 0 && (braid::detail::braid_mutex<M> && ...))
class scoped_lock<M...> : public braid::detail::scoped_lock_impl<M...> {
  using braid::detail::scoped_lock_impl<M...>::scoped_lock_impl;
};

}  // namespace std
