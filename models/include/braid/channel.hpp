// braid::channel<T>: a queue between coroutines (of one thread or of several), bounded or
// unbounded, that can be closed. `co_await ch.send(v)` suspends while a bounded channel is full;
// `co_await ch.receive()` suspends while it is empty, and gives std::nullopt once the channel is
// closed and drained. Every send, receive and close is a scheduling point that synchronises with
// the channel's earlier operations (a value sent happens before its receipt), and every co_await
// on it is an interleaving point of the thread's coroutines.
#pragma once

#include <coroutine>
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <utility>

#include "braid/task.hpp"

namespace braid {

template <class T>
class channel {
 public:
  // Unbounded.
  explicit channel(const char* name = nullptr, detail::loc_t loc = detail::loc_t::current())
      : decl_{detail::ObjectKind::channel, name, loc} {}
  // Bounded: at most `capacity` (at least 1) values wait in it.
  explicit channel(std::size_t capacity, const char* name = nullptr, detail::loc_t loc = detail::loc_t::current())
      : capacity_(capacity), decl_{detail::ObjectKind::channel, name, loc} {
    if (capacity == 0) throw usage_error("braid::channel: a bounded channel needs a capacity of at least 1");
  }
  channel(const channel&) = delete;
  channel& operator=(const channel&) = delete;

  struct send_awaiter {
    channel& ch;
    T value;
    detail::loc_t loc;
    bool await_ready() noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      ch.on_send(detail::promise_of(h), std::move(value), loc);
    }
    void await_resume() noexcept {}
  };
  struct receive_awaiter {
    channel& ch;
    detail::loc_t loc;
    std::optional<T> got;
    bool await_ready() noexcept { return false; }
    template <class P>
    void await_suspend(std::coroutine_handle<P> h) {
      ch.on_receive(detail::promise_of(h), got, loc);
    }
    std::optional<T> await_resume() { return std::move(got); }
  };

  send_awaiter send(T value, detail::loc_t loc = detail::loc_t::current()) {
    return send_awaiter{*this, std::move(value), loc};
  }
  receive_awaiter receive(detail::loc_t loc = detail::loc_t::current()) {
    return receive_awaiter{*this, loc, std::nullopt};
  }

  // No more sends: waiting receivers get std::nullopt. Closing twice, or while senders wait on a
  // full channel, is misuse.
  void close(detail::loc_t loc = detail::loc_t::current()) {
    detail::coro_sync(handle_, decl_, detail::CoroOp::close, loc);
    if (closed_) detail::misuse("a braid::channel is closed twice", loc);
    if (!senders_.empty()) detail::misuse("a braid::channel is closed while senders wait for room in it", loc);
    closed_ = true;
    for (receiver& r : receivers_) detail::make_ready(*r.p, loc);
    receivers_.clear();
  }

  std::size_t size() const { return items_.size(); }
  bool closed() const { return closed_; }

 private:
  struct receiver {
    detail::promise_base* p;
    std::optional<T>* slot;
  };
  struct sender {
    detail::promise_base* p;
    T value;
  };

  std::string what(const char* op) const {
    return std::string("channel '") + (decl_.name != nullptr ? decl_.name : "(unnamed)") + "' " + op;
  }

  void on_send(detail::promise_base& p, T&& value, detail::loc_t loc) {
    p.suspend_at(loc, what("send (full)"));
    detail::coro_sync(handle_, decl_, detail::CoroOp::send, loc);
    if (closed_) detail::misuse("a value is sent on a closed braid::channel", loc);
    if (!receivers_.empty()) {
      receiver r = receivers_.front();
      receivers_.pop_front();
      r.slot->emplace(std::move(value));
      detail::make_ready(*r.p, loc);
    } else if (capacity_ == 0 || items_.size() < capacity_) {
      items_.push_back(std::move(value));
    } else {
      senders_.push_back(sender{&p, std::move(value)});
      return;  // resumed by the receive that makes room
    }
    detail::make_ready(p, loc);
  }

  void on_receive(detail::promise_base& p, std::optional<T>& slot, detail::loc_t loc) {
    p.suspend_at(loc, what("receive"));
    detail::coro_sync(handle_, decl_, detail::CoroOp::receive, loc);
    if (!items_.empty()) {
      slot.emplace(std::move(items_.front()));
      items_.pop_front();
      if (!senders_.empty()) {
        items_.push_back(std::move(senders_.front().value));
        detail::make_ready(*senders_.front().p, loc);
        senders_.pop_front();
      }
    } else if (!closed_) {
      receivers_.push_back(receiver{&p, &slot});
      return;  // resumed by a send or by close
    }
    detail::make_ready(p, loc);
  }

  std::size_t capacity_ = 0;  // 0: unbounded
  bool closed_ = false;
  std::deque<T> items_;
  std::deque<receiver> receivers_;
  std::deque<sender> senders_;
  detail::Handle handle_;
  detail::ObjectDecl decl_;
};

}  // namespace braid
