// The instrumentation runtime's per-execution state: which Braid object each address of the
// program under test is (a plain variable, an atomic, a pthread mutex, ...), and what each
// modelled thread returned. One InstrumentState lives for one execution (a forked child runs
// exactly one); interposed functions find it through current_state(), which is set only while
// an execution of `braid check` runs on this OS thread.
#pragma once

#include <csetjmp>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include "braid/detail/runtime_api.hpp"
#include "checker/instrument/runtime/data_names.hpp"
#include "checker/runtime/execution.hpp"

namespace braid::instrument {

// One object of the program, named by its address.
struct Object {
  detail::Handle handle;
  detail::ObjectDecl decl;
  std::string name;  // decl.name points here (the map's nodes never move)
};

class InstrumentState {
 public:
  // The object at `addr` as a `kind`; made on first use. `initial`: a counting primitive's count.
  Object& object(const void* addr, detail::ObjectKind kind, std::int64_t initial = 0, std::int64_t limit = 0);
  // Forgets the object at `addr` (a destroyed or re-initialised mutex, semaphore, ...).
  void forget(const void* addr, detail::ObjectKind kind);
  // Forgets every object in [begin, begin + n): a freed block. why: the allocator hands the same
  // addresses out again, and their next owner's accesses have no history with the last one's.
  void forget_range(const void* begin, std::size_t n);
  // While objects_ is being changed (a rehash or an erase frees memory, which comes back to
  // released()), a free must not walk it.
  bool changing() const { return changing_; }
  void*& result_of(rt::ThreadId t) { return results_[t]; }
  // A thread-specific value (pthread keys, C11 tss) of modelled thread t.
  void*& specific(std::uint32_t key, rt::ThreadId t) { return specific_[std::uint64_t{key} << 32 | t]; }
  // How many times thread t holds the rwlock at `addr` for reading.
  int& readers(const void* addr, rt::ThreadId t) { return readers_[{addr, t}]; }
  // The once-controls whose init has run in this execution.
  std::set<const void*> once_done;

  // The program's variables by address (owned by the runtime's main; may be null).
  const DataNames* names = nullptr;
  // exit(non-zero) inside an execution is a bug (BRAID_EXIT_IS_BUG, on by default).
  bool exit_is_bug = true;
  // Reports a call the model does not control (see escape.cpp); may be empty.
  std::function<void(const char* call, const void* pc)> warn;
  // Where exit() called by thread 0 (main) returns to, and the status it gave.
  std::jmp_buf* main_exit = nullptr;
  int exit_status = 0;
  std::shared_ptr<struct Nonreentrant> nonreentrant;  // nonreentrant.hpp: made on first use

 private:
  std::unordered_map<std::uint64_t, Object> objects_;  // key: address ^ kind in the top bits
  std::unordered_map<rt::ThreadId, void*> results_;
  std::unordered_map<std::uint64_t, void*> specific_;
  std::map<std::pair<const void*, rt::ThreadId>, int> readers_;
  bool changing_ = false;
};

// The state of the execution running on this OS thread (nullptr outside one).
InstrumentState* current_state();

// Sets current_state() for its lifetime.
class StateScope {
 public:
  explicit StateScope(InstrumentState& s);
  ~StateScope();
  StateScope(const StateScope&) = delete;
  StateScope& operator=(const StateScope&) = delete;

 private:
  InstrumentState* saved_;
};

// Forgets the state of the execution that just ended. why: an execution stopped on a bug
// abandons main's stack with its StateScope, which then never resets current_state().
void end_state();

// The running execution when the caller is a modelled thread of a `braid check` execution;
// nullptr otherwise (before main, in the parent process, on the checker's own stack), where an
// interposed function must only do the real work.
rt::Execution* active();

// The program (or the checker on its behalf) frees the block [p, p + n) inside an execution:
// its objects are forgotten. Safe to call from free() itself (re-entry is ignored).
void released(const void* p, std::size_t n);

// A site known by the caller's return address (resolved to file:line in the report).
inline rt::Site site_at(const void* pc) { return rt::Site{std::source_location{}, pc}; }

}  // namespace braid::instrument
