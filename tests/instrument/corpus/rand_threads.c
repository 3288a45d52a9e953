// expect: pass
// rand() is one generator for the whole process, seeded 1 until srand (glibc locks it, so sharing
// it is no bug): two threads drawing from it get the values of glibc's one sequence, in an order
// the interleaving decides; a single thread's values, and strtok, ctime and strerror used by one
// thread at a time, are as in a native run.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void* draw_two(void* arg) {
  long* sum = arg;
  *sum = (long)rand() + rand();
  return NULL;
}

int main(void) {
  // glibc's first values with seed 1: 1804289383, 846930886, 1681692777, 1714636915, 1957747793
  assert(rand() == 1804289383);
  long a = 0, b = 0;
  pthread_t ta, tb;
  pthread_create(&ta, NULL, draw_two, &a);
  pthread_create(&tb, NULL, draw_two, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  assert(a + b == 846930886L + 1681692777L + 1714636915L + 1957747793L);
  srand(1);
  assert(rand() == 1804289383);

  char words[] = "one two";
  assert(strcmp(strtok(words, " "), "one") == 0 && strcmp(strtok(NULL, " "), "two") == 0);
  assert(strtok(NULL, " ") == NULL);
  time_t epoch = 0;
  assert(strcmp(asctime(gmtime(&epoch)), "Thu Jan  1 00:00:00 1970\n") == 0);
  assert(strlen(ctime(&epoch)) == 25);
  assert(strcmp(strerror(0), "Success") == 0);
  return 0;
}
