// Internals shared by the C API's files: the boundary guard that turns every exception into an
// error code, the per-thread last error, and copying text into caller buffers.
#pragma once

#include <qrseal/qrseal.h>

#include <cstddef>
#include <exception>
#include <new>
#include <qrseal/journal.hpp>
#include <qrseal/result.hpp>
#include <string>
#include <string_view>

namespace qrseal::c_api {

// Keeps `message` followed by `more` (truncated) as this thread's qrseal_last_error(). Never
// allocates, so it is safe in a handler of std::bad_alloc.
void set_last_error(std::string_view message, std::string_view more = {}) noexcept;

// Sets the last error and returns `code`, for `return fail(...)` at the boundary.
inline int fail(int code, std::string_view message) noexcept {
  set_last_error(message);
  return code;
}

// Copies text into out[size] with its NUL, cut at a UTF-8 character boundary; nothing when
// out is NULL or size is 0.
void copy_text(std::string_view text, char* out, std::size_t size) noexcept;

// A function's `message` out-parameter: always NUL-terminated when given.
inline void write_message(char* message, std::size_t size, std::string_view text) noexcept {
  copy_text(text, message, size);
}

// Misuse or a refusal in a function with a `message` parameter: the reason goes there and to
// qrseal_last_error().
inline int refuse(char* message, std::size_t size, int code, std::string_view why) noexcept {
  write_message(message, size, why);
  return fail(code, why);
}

// Runs `body` (returning an int code); any exception becomes QRSEAL_ERR_NO_MEMORY or
// QRSEAL_ERR_INTERNAL, so none ever crosses into C.
template <class Body>
int guarded(Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return fail(QRSEAL_ERR_NO_MEMORY, "out of memory");
  } catch (const std::exception& e) {
    set_last_error("internal error: ", e.what());
    return QRSEAL_ERR_INTERNAL;
  } catch (...) {
    return fail(QRSEAL_ERR_INTERNAL, "internal error: unknown exception");
  }
}

// The journal of a state directory: its path and key (state.cpp, for qrseal_state_open_journal).
void state_journal(qrseal_state& state, std::string& path, journal_key& key);

// The qrseal_error for a library error code (keys, texts, storage).
int error_code_of(errc code) noexcept;

}  // namespace qrseal::c_api
