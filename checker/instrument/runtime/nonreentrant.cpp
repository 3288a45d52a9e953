#include "checker/instrument/runtime/nonreentrant.hpp"

#include <memory>

#include "checker/detect/reentrancy.hpp"
#include "checker/instrument/runtime/state.hpp"

namespace braid::instrument {
namespace {

// The checks of the execution running on this OS thread. why a pointer of this library's, checked
// against the execution's generation (which no other execution of the process has): it is read
// on every event and every call of the program, and an execution that stops on a bug abandons
// its threads' stacks without unwinding them, thread 0's InstrumentState (the checks' owner)
// included, so the checks are neither destroyed nor detached then (they are leaked).
thread_local Nonreentrant* t_checks = nullptr;

Nonreentrant* checks_of(const rt::Execution& ex) {
  return t_checks != nullptr && t_checks->generation == ex.generation() ? t_checks : nullptr;
}

detect::Detector* running_checks() {
  const rt::Execution* ex = rt::Execution::current();
  return ex != nullptr ? checks_of(*ex) : nullptr;
}

// why at load: the checker's detectors find the running execution's checks through it.
[[maybe_unused]] const bool g_registered = (detect::runtime_checks = &running_checks, true);

}  // namespace

Nonreentrant::~Nonreentrant() {
  if (t_checks == this) t_checks = nullptr;
}

Nonreentrant::Storage Nonreentrant::storage(rt::ObjectId id, const detect::ExecutionView& view) {
  if (id >= storage_.size()) storage_.resize(id + 1, Storage::unknown);
  if (storage_[id] != Storage::unknown) return storage_[id];
  const std::string name = view.object_name(id);
  ResultBuffer buffer{};
  if (LibcHiddenState::buffer_named(name, buffer)) {
    storage_[id] = static_cast<Storage>(static_cast<int>(Storage::tm_buffer) + static_cast<int>(buffer));
  } else {
    // invariant (state.cpp): a variable no symbol covers (the heap, a stack) is named by its
    // address; every other name is a global or a static, of the program or of a library.
    storage_[id] = name.rfind("0x", 0) == 0 ? Storage::other : Storage::static_var;
  }
  return storage_[id];
}

void Nonreentrant::on_event(const rt::Event& e, const detect::ExecutionView& view, detect::BugSink& sink) {
  switch (e.op) {
    case rt::Op::finish:
      stacks.clear(e.thread);
      return;
    case rt::Op::lock:
    case rt::Op::try_lock:
    case rt::Op::timed_lock:
    case rt::Op::unlock:
    case rt::Op::lock_shared:
    case rt::Op::try_lock_shared:
    case rt::Op::unlock_shared:
      functions.on_lock(e);
      return;
    case rt::Op::read:
    case rt::Op::write:
      break;
    default:
      return;
  }
  const Storage s = storage(e.object, view);
  if (s == Storage::static_var) {
    functions.on_access(e, view, sink);
  } else if (s != Storage::other) {
    libc.on_use(static_cast<ResultBuffer>(static_cast<int>(s) - static_cast<int>(Storage::tm_buffer)), e, view, sink);
  }
}

Nonreentrant& nonreentrant() {
  const rt::Execution& ex = *rt::Execution::current();
  if (Nonreentrant* checks = checks_of(ex)) return *checks;
  std::shared_ptr<Nonreentrant>& owned = current_state()->nonreentrant;
  owned = std::make_shared<Nonreentrant>(ex.generation());
  t_checks = owned.get();
  return *owned;
}

// why not active(): these run on every call of the program; the checks' own pointer saves
// looking current_state() up (a thread-local of another kind) once they exist.
void enter_function(const void* function, const void* call_site) {
  const rt::Execution* ex = rt::Execution::current();
  if (ex == nullptr || ex->current_thread() >= rt::kMaxThreads) return;
  Nonreentrant* checks = checks_of(*ex);
  if (checks == nullptr) {
    if (current_state() == nullptr) return;  // not an execution of a program's main
    checks = &nonreentrant();
  }
  checks->stacks.enter(ex->current_thread(), function, call_site);
}

void exit_function() {
  const rt::Execution* ex = rt::Execution::current();
  if (ex == nullptr || ex->current_thread() >= rt::kMaxThreads) return;
  if (Nonreentrant* checks = checks_of(*ex)) checks->stacks.exit(ex->current_thread());
}

}  // namespace braid::instrument
