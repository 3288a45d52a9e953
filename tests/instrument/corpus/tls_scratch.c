// expect: data_race
// format_id() formats into one static buffer and returns it (the classic "pointer to a static
// buffer" API): two threads formatting at once write the same bytes.
#include <pthread.h>
#include <stddef.h>

static char buffer[8];

static const char* format_id(int id) {
  buffer[0] = 'T';
  buffer[1] = (char)('0' + id);
  buffer[2] = '\0';
  return buffer;
}

static int lengths[2];

static void* worker(void* arg) {
  int id = *(int*)arg;
  const char* s = format_id(id);
  int n = 0;
  while (s[n] != '\0') n++;
  lengths[id] = n;
  return NULL;
}

int main(void) {
  static int ids[2] = {0, 1};
  pthread_t t[2];
  for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, worker, &ids[i]);
  for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
  return lengths[0] == 2 && lengths[1] == 2 ? 0 : 1;
}
