// The one way lib/ passes an error up (lib-internal): early return of the error a result holds.
//
//   QRSEAL_TRY(body, decode_body(bytes));   // body is the value; on error the function returns it
//   QRSEAL_TRY_STATUS(validate_claims(c));  // a status (or any result whose value is not needed)
//
// The enclosing function returns a result<U> or a status: the error converts to either. Where
// an error is worded anew (context added, another code), write that out instead.
#pragma once

#include <qrseal/result.hpp>
#include <utility>

#define QRSEAL_TRY(var, expr)                                      \
  auto var##_or_error_ = (expr);                                   \
  if (!var##_or_error_) return std::move(var##_or_error_).error(); \
  auto var = std::move(*var##_or_error_)

#define QRSEAL_TRY_STATUS(expr)                                                                  \
  do {                                                                                           \
    if (auto qrseal_status_ = (expr); !qrseal_status_) return std::move(qrseal_status_).error(); \
  } while (false)
