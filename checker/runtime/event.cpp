#include "checker/runtime/event.hpp"

namespace braid::rt {

const char* to_string(Op op) {
  switch (op) {
    case Op::begin:
      return "begin";
    case Op::spawn:
      return "spawn";
    case Op::join:
      return "join";
    case Op::detach:
      return "detach";
    case Op::finish:
      return "finish";
    case Op::yield:
      return "yield";
    case Op::lock:
      return "lock";
    case Op::try_lock:
      return "try_lock";
    case Op::unlock:
      return "unlock";
    case Op::wait:
      return "wait";
    case Op::wake:
      return "wake";
    case Op::notify_one:
      return "notify_one";
    case Op::notify_all:
      return "notify_all";
    case Op::load:
      return "load";
    case Op::store:
      return "store";
    case Op::rmw:
      return "rmw";
    case Op::read:
      return "read";
    case Op::write:
      return "write";
    case Op::acquire:
      return "acquire";
    case Op::try_acquire:
      return "try_acquire";
    case Op::release:
      return "release";
    case Op::count_down:
      return "count_down";
    case Op::arrive:
      return "arrive";
    case Op::drop:
      return "arrive_and_drop";
    case Op::complete:
      return "complete";
    case Op::set:
      return "set";
    case Op::clear:
      return "clear";
    case Op::is_set:
      return "is_set";
    case Op::try_wait:
      return "try_wait";
    case Op::await:
      return "await";
    case Op::lock_shared:
      return "lock_shared";
    case Op::try_lock_shared:
      return "try_lock_shared";
    case Op::unlock_shared:
      return "unlock_shared";
    case Op::sleep:
      return "sleep";
    case Op::timed_lock:
      return "try_lock_for";
    case Op::send:
      return "send";
    case Op::receive:
      return "receive";
    case Op::close:
      return "close";
    case Op::co_lock:
      return "co_lock";
    case Op::co_unlock:
      return "co_unlock";
    case Op::choose:
      return "choose";
    case Op::resume:
      return "resume";
    case Op::suspend:
      return "suspend";
  }
  return "?";
}

}  // namespace braid::rt
