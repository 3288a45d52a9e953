// Formatting a Site inside a message. A site known only by its return address cannot be named
// until the report resolves it (report/symbolize): it is written as a placeholder that the report
// replaces with file:line.
#pragma once

#include <string>

#include "checker/runtime/event.hpp"

namespace braid::rt {

// "file.cpp:12" (file without its directory), or the placeholder of a return address.
std::string short_site(const Site& site);

// The placeholder for a return address: "\x01" + hex address + "\x02".
std::string pc_placeholder(const void* pc);

// A location whose file is a system header (the user's line is not known there).
bool in_system_header(const char* file);

}  // namespace braid::rt
