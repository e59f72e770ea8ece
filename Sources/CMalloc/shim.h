// glibc's allocator tuning (mallopt), which Swift's Glibc module does not export. Linux only.
#pragma once
#if defined(__linux__)
#include <malloc.h>
#endif
