#ifndef CHIMERA_CCURL_SHIM_H
#define CHIMERA_CCURL_SHIM_H
#include <curl/curl.h>

/*
 * curl_easy_setopt and curl_easy_getinfo are C variadic functions, which Swift cannot call.
 * These non-variadic wrappers, one per argument type, are the only way ChimeraHTTP reaches them.
 */

/* curl_global_init with CURL_GLOBAL_DEFAULT (a macro expression Swift may not import). */
static inline CURLcode chimera_curl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* The shape of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks. */
typedef size_t (*chimera_curl_data_callback)(char *data, size_t size, size_t count, void *userdata);

static inline CURLcode chimera_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_setopt_bytes(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_setopt_data_callback(CURL *handle, CURLoption option, chimera_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode chimera_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode chimera_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
