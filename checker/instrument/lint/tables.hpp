// The library knowledge of `braid lint`: which C/POSIX functions are not reentrant, which are
// async-signal-safe, and which calls take and release locks.
#pragma once

#include <string_view>

namespace braid::lint {

// A library function that keeps hidden static state between calls, and what to use instead.
struct NonReentrant {
  std::string_view name;
  std::string_view why;
  std::string_view instead;  // empty when there is no reentrant twin
};

// The entry for `name`, or nullptr when `name` is not known to be non-reentrant.
const NonReentrant* find_nonreentrant(std::string_view name);

// Whether POSIX lists `name` as async-signal-safe (POSIX.1-2017, 2.4.3), or it is a compiler
// builtin or atomic operation that is lock-free.
bool is_async_signal_safe(std::string_view name);

// The lock API of C and POSIX: what a call named `name` does to the lock its first argument
// points to.
enum class LockEffect { none, acquire, release };
LockEffect c_lock_effect(std::string_view name);

// The thread API: whether a call named `name` starts a thread (and which argument is the entry)
// or waits for one.
int thread_entry_argument(std::string_view name);  // -1 when `name` starts no thread
bool is_thread_join(std::string_view name);

}  // namespace braid::lint
