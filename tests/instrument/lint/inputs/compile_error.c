// Does not compile: the lint must say so and exit with code 2, not report on half a file.
int main(void) { return undeclared_variable; }
