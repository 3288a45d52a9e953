// expect: nonreentrant
// Two threads split their own strings with strtok, whose hidden static cursor is shared by the
// whole process: one thread's call can continue the other thread's string.
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

static void* count_words(void* arg) {
  char* text = arg;
  int words = 0;
  for (char* w = strtok(text, " "); w != NULL; w = strtok(NULL, " ")) words++;
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
