// Tokens of expr-lang/expr's syntax (parser/lexer), produced one at a time as expr's lexer does,
// so that a syntax error early in a formula is reported before a lexical error later in it.
//
// Token kinds and operator spellings are expr's: identifiers (letters, digits, '_' and '$'; the
// keywords not, in, and, or, let, if, else, matches, contains, startsWith, endsWith are
// operators), numbers (decimal, 0x, 0o, 0b, '_' separators, fractions and exponents), strings
// ('..', "..", `raw`), operators and brackets. Positions are rune offsets into the source, as
// expr counts them for its "(line:column)" error positions. Non-ASCII characters count as
// letters (expr accepts Unicode letters in identifiers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tidepool::formula {

enum class TokenKind : uint8_t { kIdentifier, kNumber, kString, kOperator, kBracket, kEof };

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view text;  // as written; strings keep their quotes
  int32_t pos = 0;        // rune offset of the first character

  bool Is(TokenKind k) const { return kind == k; }
  bool Is(TokenKind k, std::string_view value) const { return kind == k && text == value; }
};

// expr's Token.String(): `Operator("+")`, `Identifier("foo")`, `EOF`.
std::string Describe(const Token& t);

// A problem at a rune offset of the source.
struct SourceError {
  int32_t pos = 0;
  std::string message;
};

class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}

  // The next token; at the end, an kEof token (again on every further call). On a lexical error
  // returns false and sets `error`.
  bool Next(Token& token, SourceError& error);

 private:
  bool AtEnd() const { return end_ >= src_.size(); }
  char Peek() const { return AtEnd() ? '\0' : src_[end_]; }
  void Advance();  // one byte; counts runes by UTF-8 lead bytes
  bool Accept(std::string_view chars);
  void AcceptRun(std::string_view chars);
  Token Emit(TokenKind kind);
  void Skip();
  bool Fail(SourceError& error, std::string message, bool read_past_end = false);
  bool ScanNumber();
  bool ScanString(char quote, SourceError& error);

  std::string_view src_;
  size_t start_ = 0;  // byte offset of the token being scanned
  size_t end_ = 0;    // byte offset of the next character
  int32_t start_rune_ = 0;
  int32_t end_rune_ = 0;
};

// The characters of a string token without its quotes, escapes resolved (\n \t \\ \' \" \xNN
// \NNN \uNNNN \U00NNNNNN); backtick strings are raw. Returns false on a bad escape.
bool UnquoteString(std::string_view token_text, std::string& out);

}  // namespace tidepool::formula
