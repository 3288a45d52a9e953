// Names of the program's functions by code address, for bug messages written while an execution
// runs. why not the report's symbolizer: it names file:line later, from the placeholders a message
// carries, but a message must name the function it is about itself; and it runs addr2line, which
// inside an execution would pass through the interposed read/waitpid.
#pragma once

#include <optional>
#include <string>

#include "checker/instrument/runtime/program_symbols.hpp"

namespace braid::instrument {

class CodeNames {
 public:
  // The (demangled) function `pc` lies in, `pc` being a return address inside it; "?" when unknown.
  std::string function(const void* pc);

 private:
  // The functions of the main program's symbol table (static ones included), read on first use.
  std::optional<ProgramSymbols> program_;
};

}  // namespace braid::instrument
