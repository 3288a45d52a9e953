#include "checker/runtime/jobs.hpp"

#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <exception>
#include <vector>

#include "checker/cli/version.hpp"
#include "checker/report/json.hpp"
#include "checker/report/merge.hpp"
#include "checker/runtime/isolation.hpp"
#include "checker/runtime/runner.hpp"

namespace braid::rt {
namespace {

struct Job {
  pid_t pid = -1;
  int fd = -1;  // read end of the pipe the worker writes its result to
};

bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string read_all(int fd) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

// In the forked worker: explore one shard, send the result as one JSON line, and leave.
[[noreturn]] void worker(int fd, const std::function<void()>& body, Options options, const std::string& name) {
  int code = 0;
  try {
    Result r;
    if (options.isolate) {
      r = run_isolated(body, options, name, {});
    } else {
      RunHooks hooks;
      r = run_in_process(body, options, name, hooks);
    }
    if (!write_all(fd, report::dump_line(report::to_json(r)) + "\n")) code = 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "braid: worker of shard %u/%u: %s\n", options.shard_index, options.shard_count, e.what());
    code = 3;
  }
  // why: _exit, not exit: the worker is a copy of the parent, whose atexit handlers and
  // buffered output are the parent's to run and flush.
  ::_exit(code);
}

Job start(unsigned index, unsigned count, const std::function<void()>& body, const Options& options,
          const std::string& name) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("cannot create a pipe for a --jobs worker");
  std::fflush(nullptr);  // why: the child would write the parent's buffered output a second time
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("cannot fork a --jobs worker");
  if (pid == 0) {
    ::close(fds[0]);
    Options mine = options;
    mine.shard_index = index;
    mine.shard_count = count;
    mine.jobs = 1;
    worker(fds[1], body, mine, name);
  }
  ::close(fds[1]);
  return Job{pid, fds[0]};
}

// The worker's result, or a description of how it failed.
std::string collect(const Job& job, unsigned index, unsigned count, report::ShardReport& into) {
  std::string data = read_all(job.fd);
  ::close(job.fd);
  int status = 0;
  while (::waitpid(job.pid, &status, 0) < 0 && errno == EINTR) {
  }
  const std::string who = fmt::format("the worker of shard {}", report::shard_name(index, count));
  if (WIFSIGNALED(status)) return fmt::format("{} was killed by signal {}", who, WTERMSIG(status));
  try {
    into.tests.push_back(report::result_from_json(nlohmann::json::parse(data)));
  } catch (const std::exception& e) {
    return fmt::format("{} sent no result (exit status {}): {}", who, WEXITSTATUS(status), e.what());
  }
  return {};
}

}  // namespace

Result run_jobs(const std::function<void()>& body, const Options& options, const std::string& name) {
  const unsigned jobs = options.jobs;
  auto start_time = std::chrono::steady_clock::now();
  std::vector<Job> running;
  for (unsigned j = 0; j < jobs; ++j) running.push_back(start(j, jobs, body, options, name));
  std::vector<report::ShardReport> parts;
  std::string failure;
  for (unsigned j = 0; j < jobs; ++j) {
    report::ShardReport part{
        fmt::format("worker {}", j), std::string(kVersion), j, jobs, report::settings_of(options), {}};
    std::string err = collect(running[j], j, jobs, part);
    if (!err.empty() && failure.empty()) failure = err;
    parts.push_back(std::move(part));
  }
  Result r;
  r.name = name;
  r.strategy = to_string(options.strategy);
  if (failure.empty()) {
    auto merged = report::merge_shards(std::move(parts));
    if (auto* tests = std::get_if<std::vector<Result>>(&merged)) return std::move(tests->front());
    failure = std::get<std::string>(merged);
  }
  r.verdict = Verdict::error;
  r.error = failure;
  r.coverage = "not complete: a --jobs worker failed";
  r.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time).count();
  return r;
}

}  // namespace braid::rt
