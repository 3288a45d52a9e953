#include "checker/instrument/runtime/nonreentrant.hpp"

#include <memory>

#include "checker/detect/reentrancy.hpp"
#include "checker/instrument/runtime/state.hpp"

namespace braid::instrument {
namespace {

detect::Detector* running_checks() {
  InstrumentState* s = current_state();
  return s != nullptr ? s->nonreentrant.get() : nullptr;
}

// why at load: the checker's detectors find the running execution's checks through it.
[[maybe_unused]] const bool g_registered = (detect::runtime_checks = &running_checks, true);

}  // namespace

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
  if (e.op == rt::Op::finish) {
    stacks.clear(e.thread);
    return;
  }
  if (e.op != rt::Op::read && e.op != rt::Op::write) return;
  const Storage s = storage(e.object, view);
  if (s == Storage::static_var) {
    functions.on_access(e, view, sink);
  } else if (s != Storage::other) {
    libc.on_use(static_cast<ResultBuffer>(static_cast<int>(s) - static_cast<int>(Storage::tm_buffer)), e, view, sink);
  }
}

Nonreentrant& nonreentrant() {
  std::shared_ptr<Nonreentrant>& checks = current_state()->nonreentrant;
  if (!checks) checks = std::make_shared<Nonreentrant>();
  return *checks;
}

void enter_function(const void* function, const void* call_site) {
  if (rt::Execution* ex = active()) nonreentrant().stacks.enter(ex->current_thread(), function, call_site);
}

void exit_function() {
  rt::Execution* ex = active();
  if (ex == nullptr) return;
  if (Nonreentrant* checks = current_state()->nonreentrant.get()) checks->stacks.exit(ex->current_thread());
}

}  // namespace braid::instrument
