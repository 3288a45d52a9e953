// The hidden state of the non-reentrant libc functions the runtime models (nonreentrant_libc.cpp),
// for one execution, and the rules that report its misuse across threads as `nonreentrant`:
// - strtok keeps a cursor into the string being split: a thread that began a string continues it
//   with strtok(NULL) after another thread's strtok(str) replaced the cursor with its own string;
// - localtime, gmtime (one struct tm, as in glibc), asctime, ctime (that struct tm, then asctime's
//   text) and strerror return a static buffer: a thread uses (reads or writes, in instrumented
//   code) the result its call returned after another thread's call overwrote it.
// Each call is a scheduling point on its function's hidden state (rt::Op::call), so the orders of
// the calls are explored. A thread alone with the state, a thread done with it (strtok returned
// NULL; a result not used again) and the _r twins (not modelled: their state is the caller's) are
// never reported.
// rand, srand, random and srandom share glibc's generator, per execution: its values depend on
// the order of the calls, which is explored; sharing it is no bug (glibc locks it).
#pragma once

#include <ctime>
#include <vector>

#include "checker/detect/detector.hpp"
#include "checker/instrument/runtime/glibc_random.hpp"
#include "checker/instrument/runtime/shadow_stacks.hpp"
#include "checker/runtime/execution.hpp"

namespace braid::instrument {

// A static result buffer of libc's, by the program's objects' names (see LibcHiddenState::buffer_named).
enum class ResultBuffer : std::uint8_t { tm, asctime, strerror };

class LibcHiddenState {
 public:
  LibcHiddenState(const ShadowStacks& stacks, CodeNames& names) : stacks_(stacks), names_(names) {}

  // The modelled functions, called inside an execution by the calling modelled thread; pc: the
  // caller's return address.
  char* strtok(rt::Execution& ex, char* s, const char* delim, const void* pc);
  std::tm* localtime(rt::Execution& ex, const std::time_t* t, const void* pc);
  std::tm* gmtime(rt::Execution& ex, const std::time_t* t, const void* pc);
  char* asctime(rt::Execution& ex, const std::tm* tm, const void* pc);
  char* ctime(rt::Execution& ex, const std::time_t* t, const void* pc);
  char* strerror(rt::Execution& ex, int errnum, const void* pc);
  int rand(rt::Execution& ex, const void* pc);
  void srand(rt::Execution& ex, unsigned int seed, const void* pc);

  // The result buffer an object of the program is part of, by its name (the buffers are exported
  // symbols of this library, which state.cpp names objects after); false when none.
  static bool buffer_named(const std::string& name, ResultBuffer& which);
  // A read or write (e.op) of result buffer `which` by the program, in thread e.thread.
  void on_use(ResultBuffer which, const rt::Event& e, const detect::ExecutionView& view, detect::BugSink& sink);

 private:
  // A call's place: its thread, site and call stack.
  struct Call {
    rt::ThreadId thread = rt::kNoThread;
    const char* function = "";
    rt::Site site;
    std::vector<Frame> stack;
  };
  struct Strtok {
    char* cursor = nullptr;
    Call began;  // the strtok(str) that gave the cursor its string
    // per thread: the strtok(str) that began the string it has not split to the end (thread kNoThread: none)
    std::vector<Call> unfinished;
  };
  struct Buffer {
    std::uint64_t version = 0;  // how many calls wrote it
    Call last;                  // the call that wrote it last
    // per thread: the version its last call returned to it (0: none), and that call
    std::vector<std::pair<std::uint64_t, Call>> returned;
  };

  Call call_here(rt::Execution& ex, const char* function, const void* pc) const;
  // A scheduling point: the calling thread's call of a function on hidden state `which` (a Hidden).
  void point(rt::Execution& ex, int which, const void* pc);
  // The scheduling points of a call that overwrites buffer `which` (see libc_hidden_state.cpp).
  void overwrite_points(rt::Execution& ex, ResultBuffer which, const void* pc);
  // `call` wrote buffer b; returned: the buffer is its result.
  void wrote(Buffer& b, Call call, bool returned);
  void strtok_continued(rt::Execution& ex, const Call& mine, const Call& now);

  const ShadowStacks& stacks_;
  CodeNames& names_;
  Strtok strtok_;
  Buffer buffers_[3];  // by ResultBuffer
  GlibcRandom random_;
};

}  // namespace braid::instrument
