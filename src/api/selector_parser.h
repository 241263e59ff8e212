// The lexer and recursive-descent parser behind Selector::Parse, following the token rules of
// k8s.io/apimachinery/pkg/labels/selector.go. Exposed in its own header so that tests can check
// tokenisation directly; other code should use Selector::Parse.
//
//   <selector>    ::= <requirement> | <requirement> "," <selector>
//   <requirement> ::= ["!"] KEY [ ("in" | "notin") "(" <values> ")" | ("=" | "==" | "!=" | ">" |
//                     "<") VALUE ]
//
// Whitespace is ' ', '\t', '\r', '\n'. The special symbols = ! ( ) , > < end an identifier; the
// longest run of special symbols that forms a token wins ("!=" rather than "!"). A NUL byte acts
// as the end of the input at the point it is read, as upstream's lexer treats byte 0.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/selector.h"
#include "core/status.h"

namespace tidepool::api::selector_internal {

enum class Token {
  kError,
  kEndOfString,
  kClosedPar,
  kComma,
  kDoesNotExist,
  kDoubleEquals,
  kEquals,
  kGreaterThan,
  kIdentifier,
  kIn,
  kLessThan,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct ScannedItem {
  Token token = Token::kError;
  std::string literal;
};

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  // The next token and its literal; kEndOfString (with an empty literal) at the end.
  ScannedItem Lex();

 private:
  char Read();
  void Unread() { --pos_; }
  ScannedItem ScanIdentifierOrKeyword();
  ScannedItem ScanSpecialSymbol();

  std::string_view text_;
  size_t pos_ = 0;
};

// Every token of `text`, ending with kEndOfString.
std::vector<ScannedItem> ScanAll(std::string_view text);

// The requirements of `text` in the order written (Selector::Parse sorts them by key).
[[nodiscard]] Result<std::vector<LabelRequirement>> ParseRequirements(std::string_view text);

}  // namespace tidepool::api::selector_internal
