// expect: pass
// localtime_threads.c fixed: localtime_r fills a struct tm of the caller's own.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

struct job {
  time_t when;
  int year;
};

static void* year_of(void* arg) {
  struct job* j = arg;
  struct tm date;
  localtime_r(&j->when, &date);
  j->year = date.tm_year + 1900;
  return NULL;
}

int main(void) {
  struct job first = {15638400, 0};    // 1 July 1970
  struct job second = {962409600, 0};  // 1 July 2000
  pthread_t a, b;
  pthread_create(&a, NULL, year_of, &first);
  pthread_create(&b, NULL, year_of, &second);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  assert(first.year == 1970 && second.year == 2000);
  return 0;
}
