// expect: pass
// strtok_threads.c fixed: strtok_r keeps its cursor in a variable of the caller's own.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

static void* count_words(void* arg) {
  char* text = arg;
  char* cursor = NULL;
  int words = 0;
  for (char* w = strtok_r(text, " ", &cursor); w != NULL; w = strtok_r(NULL, " ", &cursor)) words++;
  assert(words == 3);
  return NULL;
}

int main(void) {
  char first[] = "one two three";
  char second[] = "four five six";
  pthread_t a, b;
  pthread_create(&a, NULL, count_words, first);
  pthread_create(&b, NULL, count_words, second);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
