// The fix of strtok_threads.c: strtok_r keeps its position in the caller's variable.
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static void* worker(void* arg) {
  char line[64];
  char* rest = NULL;
  snprintf(line, sizeof line, "%s", (const char*)arg);
  for (char* word = strtok_r(line, " ", &rest); word != NULL; word = strtok_r(NULL, " ", &rest)) {
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
