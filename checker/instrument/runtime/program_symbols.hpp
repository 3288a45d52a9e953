// The running program's own symbol table (/proc/self/exe's .symtab, static symbols included) at
// run-time addresses, for the names reports give the program's variables (data_names.hpp) and
// functions (code_names.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace braid::instrument {

class ProgramSymbols {
 public:
  struct Symbol {
    std::uintptr_t start;  // run-time address
    std::uint64_t size;
    std::string name;
  };

  // The sized symbols of ELF type `type` (STT_OBJECT, STT_FUNC); none when the program has no
  // symbol table.
  explicit ProgramSymbols(unsigned char type);
  // The symbol `addr` lies in, or nullptr.
  const Symbol* at(std::uintptr_t addr) const;

 private:
  std::vector<Symbol> symbols_;  // sorted by start
};

}  // namespace braid::instrument
