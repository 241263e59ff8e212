#include "formula/lexer.h"

#include <cstdio>

namespace tidepool::formula {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// expr's IsAlphaNumeric: letters, digits, '_' and '$'. Bytes of multi-byte UTF-8 sequences count
// as letters.
bool IsAlphaNumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsWordOperator(std::string_view w) {
  return w == "not" || w == "in" || w == "or" || w == "and" || w == "matches" || w == "contains" ||
         w == "startsWith" || w == "endsWith" || w == "let" || w == "if" || w == "else";
}

// Go's %q of a short ASCII-ish string: quotes, with \" and \\ escaped.
std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Describe(const Token& t) {
  switch (t.kind) {
    case TokenKind::kEof:
      return "EOF";
    case TokenKind::kIdentifier:
      return "Identifier(" + GoQuote(t.text) + ")";
    case TokenKind::kNumber:
      return "Number(" + GoQuote(t.text) + ")";
    case TokenKind::kString: {
      std::string value;
      UnquoteString(t.text, value);
      return "String(" + GoQuote(value) + ")";
    }
    case TokenKind::kOperator:
      return "Operator(" + GoQuote(t.text) + ")";
    case TokenKind::kBracket:
      return "Bracket(" + GoQuote(t.text) + ")";
  }
  return "?";
}

void Lexer::Advance() {
  if (AtEnd()) return;
  ++end_;
  // A rune starts at every byte that is not a UTF-8 continuation byte.
  if ((static_cast<unsigned char>(src_[end_ - 1]) & 0xC0) != 0x80) ++end_rune_;
}

bool Lexer::Accept(std::string_view chars) {
  if (!AtEnd() && chars.find(Peek()) != std::string_view::npos) {
    Advance();
    return true;
  }
  return false;
}

void Lexer::AcceptRun(std::string_view chars) {
  while (Accept(chars)) {
  }
}

Token Lexer::Emit(TokenKind kind) {
  Token t{kind, src_.substr(start_, end_ - start_), start_rune_};
  Skip();
  return t;
}

void Lexer::Skip() {
  start_ = end_;
  start_rune_ = end_rune_;
}

bool Lexer::Fail(SourceError& error, std::string message, bool read_past_end) {
  // expr points at the last character read, or just past the end when it ran out of input.
  error.pos = read_past_end ? end_rune_ : (end_rune_ > 0 ? end_rune_ - 1 : 0);
  error.message = std::move(message);
  return false;
}

bool Lexer::ScanNumber() {
  std::string_view digits = "0123456789_";
  if (Accept("0")) {
    // A leading 0 alone does not make an octal number (floats like 0.5).
    if (Accept("xX")) {
      digits = "0123456789abcdefABCDEF_";
    } else if (Accept("oO")) {
      digits = "01234567_";
    } else if (Accept("bB")) {
      digits = "01_";
    }
  }
  AcceptRun(digits);
  if (Peek() == '.') {
    // "1..3" is a range: the number ends before the dots.
    if (end_ + 1 < src_.size() && src_[end_ + 1] == '.') return true;
    Advance();
    AcceptRun(digits);
  }
  if (Accept("eE")) {
    Accept("+-");
    AcceptRun(digits);
  }
  if (!AtEnd() && IsAlphaNumeric(Peek())) {
    Advance();
    return false;
  }
  return true;
}

bool Lexer::ScanString(char quote, SourceError& error) {
  while (true) {
    if (AtEnd()) return Fail(error, "literal not terminated", true);
    if (Peek() == '\n') {
      Advance();
      return Fail(error, "literal not terminated");
    }
    const char c = Peek();
    Advance();
    if (quote != '`' && c == '\\') {
      if (AtEnd()) return Fail(error, "literal not terminated", true);
      Advance();
      continue;
    }
    if (c == quote) return true;
  }
}

bool Lexer::Next(Token& token, SourceError& error) {
  while (true) {
    if (AtEnd()) {
      // expr places the end token on the last character.
      token = Token{TokenKind::kEof, {}, end_rune_ > 0 ? end_rune_ - 1 : 0};
      return true;
    }
    const char c = Peek();
    if (IsSpace(c)) {
      Advance();
      Skip();
      continue;
    }
    if (c == '/' && end_ + 1 < src_.size() && src_[end_ + 1] == '/') {
      while (!AtEnd() && Peek() != '\n') Advance();
      Skip();
      continue;
    }
    if (c == '/' && end_ + 1 < src_.size() && src_[end_ + 1] == '*') {
      Advance();
      Advance();
      while (true) {
        if (AtEnd()) return Fail(error, "unclosed comment", true);
        const char d = Peek();
        Advance();
        if (d == '*' && Accept("/")) break;
      }
      Skip();
      continue;
    }
    break;
  }

  const char c = Peek();
  if (c == '\'' || c == '"' || c == '`') {
    Advance();
    if (!ScanString(c, error)) return false;
    std::string unused;
    if (!UnquoteString(src_.substr(start_, end_ - start_), unused)) {
      return Fail(error, "invalid char escape");
    }
    token = Emit(TokenKind::kString);
    return true;
  }
  if (IsDigit(c) || (c == '.' && end_ + 1 < src_.size() && IsDigit(src_[end_ + 1]))) {
    if (c == '.') Advance();
    if (!ScanNumber()) {
      return Fail(error, "bad number syntax: " + GoQuote(src_.substr(start_, end_ - start_)));
    }
    token = Emit(TokenKind::kNumber);
    return true;
  }
  Advance();
  switch (c) {
    case '?':
      Accept(".?");
      break;
    case '#':
    case '/':
    case ',':
    case ';':
    case '%':
    case '+':
    case '-':
    case '^':
      break;
    case '|':
      Accept("|");
      break;
    case ':':
      Accept(":");
      break;
    case '(':
    case '[':
    case '{':
    case ')':
    case ']':
    case '}':
      token = Emit(TokenKind::kBracket);
      return true;
    case '&':
    case '!':
    case '=':
    case '*':
    case '<':
    case '>':
      Accept("&=*");
      break;
    case '.':
      Accept(".");
      break;
    default:
      if (IsAlphaNumeric(c)) {
        while (!AtEnd() && IsAlphaNumeric(Peek())) Advance();
        const std::string_view word = src_.substr(start_, end_ - start_);
        token = Emit(IsWordOperator(word) ? TokenKind::kOperator : TokenKind::kIdentifier);
        return true;
      }
      char buf[32];
      std::snprintf(buf, sizeof(buf), "U+%04X '%c'", static_cast<unsigned char>(c), c);
      return Fail(error, std::string("unrecognized character: ") + buf);
  }
  token = Emit(TokenKind::kOperator);
  return true;
}

bool UnquoteString(std::string_view text, std::string& out) {
  out.clear();
  if (text.size() < 2) return false;
  const char quote = text.front();
  const std::string_view body = text.substr(1, text.size() - 2);
  if (quote == '`') {
    out = body;
    return true;
  }
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= body.size()) return false;
    const char e = body[i];
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
      case '\'':
      case '"':
        out += e;
        break;
      case 'x':
      case 'u':
      case 'U': {
        const size_t n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
        if (i + n >= body.size()) return false;
        uint32_t cp = 0;
        for (size_t k = 1; k <= n; ++k) {
          const int h = HexValue(body[i + k]);
          if (h < 0) return false;
          cp = cp * 16 + static_cast<uint32_t>(h);
        }
        i += n;
        if (e == 'x') {
          out += static_cast<char>(cp);
        } else {
          if (cp > 0x10FFFF) return false;
          AppendUtf8(cp, out);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          if (i + 2 >= body.size()) return false;
          uint32_t v = 0;
          for (size_t k = 0; k < 3; ++k) {
            const char d = body[i + k];
            if (d < '0' || d > '7') return false;
            v = v * 8 + static_cast<uint32_t>(d - '0');
          }
          if (v > 255) return false;
          out += static_cast<char>(v);
          i += 2;
          break;
        }
        return false;
    }
  }
  return true;
}

}  // namespace tidepool::formula
