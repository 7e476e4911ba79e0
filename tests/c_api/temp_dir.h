/* Removing a C test's temporary directory. nftw() needs _XOPEN_SOURCE 700, defined before the
 * first header of the test. */
#ifndef QRSEAL_TESTS_C_API_TEMP_DIR_H
#define QRSEAL_TESTS_C_API_TEMP_DIR_H

#include <ftw.h>
#include <stdio.h>

static int remove_one(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

/* The directory tree at `path`, files first; a complaint on stderr when something stays. */
static void remove_tree(const char* path) {
  if (nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
    perror("removing the temporary directory");
}

#endif
