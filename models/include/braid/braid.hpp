// Braid: a deterministic scheduler that explores the interleavings of a concurrent test.
// Swap std:: for braid:: in the code under test and describe the test with BRAID_TEST.
#pragma once

#include "braid/atomic.hpp"
#include "braid/barrier.hpp"
#include "braid/blocking_queue.hpp"
#include "braid/condition_variable.hpp"
#include "braid/config.hpp"
#include "braid/event.hpp"
#include "braid/explore.hpp"
#include "braid/future.hpp"
#include "braid/latch.hpp"
#include "braid/mutex.hpp"
#include "braid/result.hpp"
#include "braid/semaphore.hpp"
#include "braid/shared_mutex.hpp"
#include "braid/thread.hpp"
#include "braid/thread_local_value.hpp"
#include "braid/thread_pool.hpp"
#include "braid/timed_mutex.hpp"
#include "braid/var.hpp"
