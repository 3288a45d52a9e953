// Two threads split lines with strtok: its hidden position is shared, so each thread can resume
// inside the other's string.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void* worker(void* arg) {
  char line[64];
  snprintf(line, sizeof line, "%s", (const char*)arg);
  for (char* word = strtok(line, " "); word != NULL; word = strtok(NULL, " ")) {  // expect: nonreentrant "worker calls strtok" "reachable from thread entries worker (x2)"
    puts(word);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, worker, "one two three");
  pthread_create(&b, NULL, worker, "four five six");
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
