// The program's memory at main, kept so that several executions can share one process: the
// executable's writable data (.data, .bss, minus what RELRO made read-only), its thread-local
// block on this OS thread, and its heap at main (program_heap.hpp); restoring also closes the
// files an execution left open. What executions change elsewhere (the checker's memory, libc's
// internal state, the environment, signal dispositions) is not restored: see
// docs/how-to/unmodified-programs.md, "What an execution starts from".
#pragma once

#include <cstddef>
#include <vector>

namespace braid::instrument {

class ProgramSnapshot {
 public:
  // Copies the program's writable memory as it is now. False (and nothing kept) when the
  // program's heap is not Braid's (a sanitizer build): executions then cannot share a process.
  bool take();
  // Writes the copy back.
  void restore() const;
  std::size_t bytes() const;

 private:
  struct Range {
    std::byte* at;
    std::vector<std::byte> saved;
  };
  void keep(std::byte* at, std::size_t n);

  std::vector<Range> ranges_;
  int highest_fd_ = -1;  // file descriptors above it were opened by an execution
};

}  // namespace braid::instrument
