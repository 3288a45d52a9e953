// Fiber stacks, allocated once and reused by every execution: slot i of an execution always
// runs on stack i. Each stack has a PROT_NONE guard page below it, so an overflow faults
// (reported as a crash) instead of corrupting a neighbour.
#pragma once

#include <boost/context/stack_context.hpp>
#include <cstddef>
#include <vector>

namespace braid::rt {

class StackPool {
 public:
  explicit StackPool(std::size_t stack_size);
  ~StackPool();
  StackPool(const StackPool&) = delete;
  StackPool& operator=(const StackPool&) = delete;

  // The stack of slot i (allocated on first use).
  boost::context::stack_context get(std::size_t i);
  // True when addr lies in the guard page of a stack of this pool.
  bool in_guard_page(const void* addr) const;

 private:
  struct Mapping {
    char* base;  // the guard page; the usable stack follows it
    std::size_t bytes;
  };
  std::size_t size_;
  std::size_t page_;
  std::vector<Mapping> maps_;
};

}  // namespace braid::rt
