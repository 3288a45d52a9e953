// Names for the program's data, for reports: the variable (a global or a static, from the
// program's symbol table) an address lies in, as `counter` or `table+4`. Read once, at main,
// before the executions are forked, so that every child has it without reading it again.
#pragma once

#include <string>

#include "checker/instrument/runtime/program_symbols.hpp"

namespace braid::instrument {

class DataNames {
 public:
  // Reads the symbol table of the running program (/proc/self/exe); empty when it has none.
  DataNames();
  // The variable `addr` lies in, or "" when it is in none the program's symbol table names.
  std::string name(const void* addr) const;

 private:
  ProgramSymbols symbols_;  // its variables
};

}  // namespace braid::instrument
