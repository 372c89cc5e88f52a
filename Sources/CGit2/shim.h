#ifndef CHIMERA_CGIT2_SHIM_H
#define CHIMERA_CGIT2_SHIM_H

#include <git2.h>

/// git_libgit2_opts is variadic, which Swift cannot call: one non-variadic wrapper per use.
static inline int chimera_git_set_owner_validation(int enabled) {
    return git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, enabled);
}

#endif
