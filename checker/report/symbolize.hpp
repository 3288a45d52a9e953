// Naming code addresses of this process (file:line:function) for reports. The runtime records a
// site it has no std::source_location for (instrumented, unmodified code) as a return address;
// the report turns it into a Location here, once per report, with addr2line.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "braid/result.hpp"

namespace braid::report {

// One Location per pc, in order. Each pc is a return address in the current process: the call
// instruction before it is looked up. Inline frames are unwound to the innermost one that is not
// in a system header. Unknown addresses give Location{"??", 0, function-if-known}. Never throws,
// never aborts: on any failure (no addr2line, no debug info) the locations are "??".
std::vector<Location> symbolize(const std::vector<const void*>& pcs);

// The return addresses a message carries as placeholders ("\x01" + lowercase hex + "\x02", see
// rt::pc_placeholder), appended to `out` in order of appearance.
void collect_placeholders(std::string_view text, std::vector<const void*>& out);

// `text` with each placeholder replaced by name(pc); a malformed placeholder is left as it is.
std::string resolve_placeholders(std::string text, const std::function<std::string(const void*)>& name);

// "file.cpp:12": the file without its directory; "file.cpp" when the line is unknown.
std::string short_location(const Location& location);

}  // namespace braid::report
