// Tiny shims for what Swift cannot reach in zlib: deflateInit2 and inflateInit2 are macros
// that pass the library version and the stream's size. Everything else is called directly
// from Swift (Sources/ZipCore).
#ifndef SPOTCHECK_CZLIBSYSTEM_SHIM_H
#define SPOTCHECK_CZLIBSYSTEM_SHIM_H

#include <zlib.h>

/// Raw deflate (no zlib header), as zip entries hold it.
static inline int spot_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
}

/// Raw inflate (no zlib header), as zip entries hold it.
static inline int spot_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

#endif
