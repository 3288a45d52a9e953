// An execution's Outcome as text, to send it from the forked child that ran the execution to
// the parent. Sites stay as they are (return addresses and source locations point into the same
// program image in both processes: the child is a fork).
#pragma once

#include <string>

#include "checker/runtime/execution.hpp"

namespace braid::instrument {

std::string encode_outcome(const rt::Outcome& o);
// Throws std::runtime_error on text encode_outcome did not make.
rt::Outcome decode_outcome(const std::string& text);
// `o` with its bugs replaced by one error saying that they did not fit in the shared block.
rt::Outcome too_large(const rt::Outcome& o);

}  // namespace braid::instrument
