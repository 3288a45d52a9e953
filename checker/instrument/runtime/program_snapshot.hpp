// The program's memory at main, kept so that several executions can share one process: the
// executable's writable data (.data, .bss, minus what RELRO made read-only), its thread-local
// block on this OS thread, and its heap at main (program_heap.hpp). What executions change
// elsewhere (the checker's memory, libc's internal state, open files) is not restored: see
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
};

}  // namespace braid::instrument
