#ifndef CHIMERA_CGIT2_SHIM_H
#define CHIMERA_CGIT2_SHIM_H

#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call: one non-variadic wrapper per use.
static inline int chimera_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

/// Whether every object read is hashed again to check its id (libgit2's default: on).
static inline int chimera_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
