// The reentrancy checks of one execution of an instrumented program (InstrumentState::
// nonreentrant): the shadow call stacks, the rule on the program's own functions
// (function_reentrancy.hpp) and the hidden state of the libc functions the runtime models
// (libc_hidden_state.hpp). Made on first use inside an execution. It is the detector
// ReentrancyDetector hands every event to (detect::runtime_checks); of those it looks at the
// program's reads and writes of plain variables, by their storage, at the locks threads hold, and
// at threads' ends.
#pragma once

#include <cstdint>
#include <vector>

#include "checker/detect/detector.hpp"
#include "checker/instrument/runtime/code_names.hpp"
#include "checker/instrument/runtime/function_reentrancy.hpp"
#include "checker/instrument/runtime/libc_hidden_state.hpp"
#include "checker/instrument/runtime/shadow_stacks.hpp"

namespace braid::instrument {

struct Nonreentrant final : detect::Detector {
  explicit Nonreentrant(std::uint64_t execution) : generation(execution) {}
  ~Nonreentrant() override;
  Nonreentrant(const Nonreentrant&) = delete;
  Nonreentrant& operator=(const Nonreentrant&) = delete;

  const std::uint64_t generation;  // of its execution (rt::Execution::generation, unique in the process)
  ShadowStacks stacks;
  CodeNames names;
  FunctionReentrancy functions{stacks, names};
  LibcHiddenState libc{stacks, names};

  void reset() override {}  // why empty: one lives for one execution
  void on_event(const rt::Event& e, const detect::ExecutionView& view, detect::BugSink& sink) override;

 private:
  // What a variable of the program is, for these checks.
  enum class Storage : std::uint8_t { unknown, other, static_var, tm_buffer, asctime_buffer, strerror_buffer };
  Storage storage(rt::ObjectId id, const detect::ExecutionView& view);
  std::vector<Storage> storage_;  // per object, learnt on its first access
};

// The checks of the running execution, made on first use; only inside one (active() != nullptr).
Nonreentrant& nonreentrant();

// clang's function entry and exit callbacks (memory.cpp), for the shadow call stacks: `function`
// is an address inside the entered function, `call_site` the return address in its caller.
void enter_function(const void* function, const void* call_site);
void exit_function();

}  // namespace braid::instrument
