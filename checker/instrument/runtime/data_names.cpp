#include "checker/instrument/runtime/data_names.hpp"

#include <elf.h>
#include <fmt/format.h>

namespace braid::instrument {

DataNames::DataNames() : symbols_(STT_OBJECT) {}

std::string DataNames::name(const void* addr) const {
  const auto a = reinterpret_cast<std::uintptr_t>(addr);
  const ProgramSymbols::Symbol* s = symbols_.at(a);
  if (s == nullptr) return {};
  return a == s->start ? s->name : fmt::format("{}+{}", s->name, a - s->start);
}

}  // namespace braid::instrument
