// std::lock_guard and std::unique_lock over braid mutexes, specialised so that the lock and
// unlock they perform are reported at the user's line instead of a libstdc++ header line.
// why: the primary templates call m.lock() from inside <mutex>, where a defaulted
// source_location would name the header. Specialising a std template for a program-defined
// type is allowed ([namespace.std]); the specialisations keep the standard interface.
// std::scoped_lock is not specialised: it works, but names <mutex> in reports.
#pragma once

#include <mutex>
#include <source_location>
#include <system_error>
#include <utility>

namespace braid {
class mutex;
class recursive_mutex;
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

template <class M>
class unique_lock_impl {
 public:
  using mutex_type = M;
  unique_lock_impl() noexcept = default;
  explicit unique_lock_impl(M& m, std::source_location loc = std::source_location::current()) : m_(&m), loc_(loc) {
    m_->lock(loc);
    owns_ = true;
  }
  unique_lock_impl(M& m, std::defer_lock_t, std::source_location loc = std::source_location::current()) noexcept
      : m_(&m), loc_(loc) {}
  unique_lock_impl(M& m, std::try_to_lock_t, std::source_location loc = std::source_location::current())
      : m_(&m), loc_(loc) {
    owns_ = m_->try_lock(loc);
  }
  unique_lock_impl(M& m, std::adopt_lock_t, std::source_location loc = std::source_location::current()) noexcept
      : m_(&m), owns_(true), loc_(loc) {}
  unique_lock_impl(const unique_lock_impl&) = delete;
  unique_lock_impl& operator=(const unique_lock_impl&) = delete;
  unique_lock_impl(unique_lock_impl&& o) noexcept { swap(o); }
  unique_lock_impl& operator=(unique_lock_impl&& o) noexcept {
    if (owns_) m_->unlock(loc_);
    m_ = nullptr;
    owns_ = false;
    swap(o);
    return *this;
  }
  ~unique_lock_impl() {
    if (owns_) m_->unlock(loc_);
  }

  void lock(std::source_location loc = std::source_location::current()) {
    check(false);
    m_->lock(loc);
    owns_ = true;
  }
  bool try_lock(std::source_location loc = std::source_location::current()) {
    check(false);
    owns_ = m_->try_lock(loc);
    return owns_;
  }
  void unlock(std::source_location loc = std::source_location::current()) {
    check(true);
    m_->unlock(loc);
    owns_ = false;
  }
  void swap(unique_lock_impl& o) noexcept {
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

}  // namespace std
