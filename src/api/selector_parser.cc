#include "api/selector_parser.h"

#include <algorithm>
#include <optional>

#include "api/name_validation.h"

namespace tidepool::api::selector_internal {
namespace {

bool IsWhitespace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsSpecialSymbol(char c) {
  switch (c) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<':
      return true;
    default:
      return false;
  }
}

// The keyword and symbol tokens; identifiers, end of string and errors have no fixed literal.
std::optional<Token> FixedToken(std::string_view literal) {
  if (literal == ")") return Token::kClosedPar;
  if (literal == ",") return Token::kComma;
  if (literal == "!") return Token::kDoesNotExist;
  if (literal == "==") return Token::kDoubleEquals;
  if (literal == "=") return Token::kEquals;
  if (literal == ">") return Token::kGreaterThan;
  if (literal == "in") return Token::kIn;
  if (literal == "<") return Token::kLessThan;
  if (literal == "!=") return Token::kNotEquals;
  if (literal == "notin") return Token::kNotIn;
  if (literal == "(") return Token::kOpenPar;
  return std::nullopt;
}

// Some literals are keywords only where an operator may appear: in a value list or in key
// position, "in" and "notin" are plain identifiers ("a in (in,notin)" and "in=x" are valid).
enum class Context { kKeyAndOperator, kValues };

constexpr std::string_view kBinaryOperators = "in, notin, =, ==, !=, gt, lt";

class Parser {
 public:
  explicit Parser(std::string_view text) : items_(ScanAll(text)) {}

  Result<std::vector<LabelRequirement>> Parse();

 private:
  const ScannedItem& Lookahead(Context context, Token* token) const {
    const ScannedItem& item = items_[position_];
    *token = Adjust(item.token, context);
    return item;
  }
  const ScannedItem& Consume(Context context, Token* token) {
    const ScannedItem& item = items_[position_];
    // The last item is always kEndOfString; consuming past it re-reads it, as nothing follows.
    if (position_ + 1 < items_.size()) ++position_;
    *token = Adjust(item.token, context);
    return item;
  }
  static Token Adjust(Token token, Context context) {
    if (context == Context::kValues && (token == Token::kIn || token == Token::kNotIn)) {
      return Token::kIdentifier;
    }
    return token;
  }

  Result<LabelRequirement> ParseRequirement();
  Status ParseKeyAndInferOperator(std::string* key, std::optional<SelectorOperator>* op);
  Result<SelectorOperator> ParseOperator();
  Result<std::vector<std::string>> ParseValues();
  Status ParseIdentifiersList(std::vector<std::string>* values);
  Result<std::vector<std::string>> ParseExactValue();

  std::vector<ScannedItem> items_;
  size_t position_ = 0;
};

tl::unexpected<Error> ParseError(std::string message) {
  return Fail(ErrorCode::kInvalidArgument, std::move(message));
}

std::string Found(std::string_view literal, std::string_view expected) {
  std::string out = "found '";
  out.append(literal).append("', expected: ").append(expected);
  return out;
}

// sets.String semantics: the values end up sorted and without duplicates.
void SortUnique(std::vector<std::string>& values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

Result<std::vector<LabelRequirement>> Parser::Parse() {
  std::vector<LabelRequirement> requirements;
  while (true) {
    Token token;
    const ScannedItem& item = Lookahead(Context::kValues, &token);
    switch (token) {
      case Token::kIdentifier:
      case Token::kDoesNotExist: {
        Result<LabelRequirement> r = ParseRequirement();
        if (!r) return ParseError("unable to parse requirement: " + r.error().message());
        requirements.push_back(std::move(*r));
        Token next;
        const ScannedItem& after = Consume(Context::kValues, &next);
        if (next == Token::kEndOfString) return requirements;
        if (next != Token::kComma)
          return ParseError(Found(after.literal, "',' or 'end of string'"));
        Token following;
        const ScannedItem& ahead = Lookahead(Context::kValues, &following);
        if (following != Token::kIdentifier && following != Token::kDoesNotExist) {
          return ParseError(Found(ahead.literal, "identifier after ','"));
        }
        break;
      }
      case Token::kEndOfString:
        return requirements;
      default:
        return ParseError(Found(item.literal, "!, identifier, or 'end of string'"));
    }
  }
}

Result<LabelRequirement> Parser::ParseRequirement() {
  std::string key;
  std::optional<SelectorOperator> op;
  if (Status s = ParseKeyAndInferOperator(&key, &op); !s) return tl::unexpected(s.error());
  if (op == SelectorOperator::kExists || op == SelectorOperator::kDoesNotExist) {
    return LabelRequirement::Make(std::move(key), *op, {});
  }
  Result<SelectorOperator> binary = ParseOperator();
  if (!binary) return tl::unexpected(binary.error());
  Result<std::vector<std::string>> values =
      (*binary == SelectorOperator::kIn || *binary == SelectorOperator::kNotIn) ? ParseValues()
                                                                                : ParseExactValue();
  if (!values) return tl::unexpected(values.error());
  SortUnique(*values);
  return LabelRequirement::Make(std::move(key), *binary, std::move(*values));
}

Status Parser::ParseKeyAndInferOperator(std::string* key, std::optional<SelectorOperator>* op) {
  Token token;
  const ScannedItem* item = &Consume(Context::kValues, &token);
  if (token == Token::kDoesNotExist) {
    *op = SelectorOperator::kDoesNotExist;
    item = &Consume(Context::kValues, &token);
  }
  if (token != Token::kIdentifier) return ParseError(Found(item->literal, "identifier"));
  // Upstream validates the key against a nil field path, hence the "<nil>" in the message.
  if (std::vector<std::string> errs = IsQualifiedName(item->literal); !errs.empty()) {
    std::string joined;
    for (const std::string& e : errs) {
      if (!joined.empty()) joined += "; ";
      joined += e;
    }
    return ParseError("<nil>: " + InvalidMessage(item->literal, joined));
  }
  *key = item->literal;
  Token next;
  Lookahead(Context::kValues, &next);
  if ((next == Token::kEndOfString || next == Token::kComma) &&
      *op != SelectorOperator::kDoesNotExist) {
    *op = SelectorOperator::kExists;
  }
  return OkStatus();
}

Result<SelectorOperator> Parser::ParseOperator() {
  Token token;
  const ScannedItem& item = Consume(Context::kKeyAndOperator, &token);
  switch (token) {
    case Token::kIn:
      return SelectorOperator::kIn;
    case Token::kEquals:
      return SelectorOperator::kEquals;
    case Token::kDoubleEquals:
      return SelectorOperator::kDoubleEquals;
    case Token::kGreaterThan:
      return SelectorOperator::kGreaterThan;
    case Token::kLessThan:
      return SelectorOperator::kLessThan;
    case Token::kNotIn:
      return SelectorOperator::kNotIn;
    case Token::kNotEquals:
      return SelectorOperator::kNotEquals;
    default:
      return ParseError(Found(item.literal, kBinaryOperators));
  }
}

Result<std::vector<std::string>> Parser::ParseValues() {
  Token token;
  const ScannedItem& open = Consume(Context::kValues, &token);
  if (token != Token::kOpenPar) {
    return ParseError("found '" + open.literal + "' expected: '('");
  }
  const ScannedItem& ahead = Lookahead(Context::kValues, &token);
  switch (token) {
    case Token::kIdentifier:
    case Token::kComma: {
      std::string ahead_literal = ahead.literal;
      std::vector<std::string> values;
      if (Status s = ParseIdentifiersList(&values); !s) return tl::unexpected(s.error());
      Consume(Context::kValues, &token);
      if (token != Token::kClosedPar) return ParseError(Found(ahead_literal, "')'"));
      return values;
    }
    case Token::kClosedPar:
      Consume(Context::kValues, &token);
      return std::vector<std::string>{""};  // "()" is the set holding the empty value
    default:
      return ParseError(Found(ahead.literal, "',', ')' or identifier"));
  }
}

Status Parser::ParseIdentifiersList(std::vector<std::string>* values) {
  while (true) {
    Token token;
    const ScannedItem& item = Consume(Context::kValues, &token);
    switch (token) {
      case Token::kIdentifier: {
        values->push_back(item.literal);
        Token next;
        const ScannedItem& ahead = Lookahead(Context::kValues, &next);
        if (next == Token::kComma) continue;
        if (next == Token::kClosedPar) return OkStatus();
        return ParseError(Found(ahead.literal, "',' or ')'"));
      }
      case Token::kComma: {
        // Empty entries ("(,a)", "(a,,b)", "(a,)") stand for the empty value.
        if (values->empty()) values->push_back("");
        Token next;
        Lookahead(Context::kValues, &next);
        if (next == Token::kClosedPar) {
          values->push_back("");
          return OkStatus();
        }
        if (next == Token::kComma) values->push_back("");
        break;
      }
      default:
        return ParseError(Found(item.literal, "',', or identifier"));
    }
  }
}

Result<std::vector<std::string>> Parser::ParseExactValue() {
  Token token;
  Lookahead(Context::kValues, &token);
  if (token == Token::kEndOfString || token == Token::kComma) {
    return std::vector<std::string>{""};  // "x=" compares with the empty value
  }
  const ScannedItem& item = Consume(Context::kValues, &token);
  if (token == Token::kIdentifier) return std::vector<std::string>{item.literal};
  return ParseError(Found(item.literal, "identifier"));
}

}  // namespace

char Lexer::Read() {
  // Byte 0 doubles as "no more input", as in upstream's lexer.
  if (pos_ < text_.size()) return text_[pos_++];
  return 0;
}

ScannedItem Lexer::ScanIdentifierOrKeyword() {
  std::string buffer;
  while (true) {
    char c = Read();
    if (c == 0) break;
    if (IsSpecialSymbol(c) || IsWhitespace(c)) {
      Unread();
      break;
    }
    buffer += c;
  }
  if (std::optional<Token> fixed = FixedToken(buffer)) return {*fixed, std::move(buffer)};
  return {Token::kIdentifier, std::move(buffer)};
}

ScannedItem Lexer::ScanSpecialSymbol() {
  std::string buffer;
  ScannedItem last;
  bool have_last = false;
  while (true) {
    char c = Read();
    if (c == 0) break;
    if (!IsSpecialSymbol(c)) {
      Unread();
      break;
    }
    buffer += c;
    if (std::optional<Token> fixed = FixedToken(buffer)) {
      last = {*fixed, buffer};
      have_last = true;
    } else if (have_last) {
      Unread();
      break;
    }
  }
  if (!have_last) return {Token::kError, "error expected: keyword found '" + buffer + "'"};
  return last;
}

ScannedItem Lexer::Lex() {
  char c = Read();
  while (IsWhitespace(c)) c = Read();
  if (c == 0) return {Token::kEndOfString, ""};
  Unread();
  if (IsSpecialSymbol(c)) return ScanSpecialSymbol();
  return ScanIdentifierOrKeyword();
}

std::vector<ScannedItem> ScanAll(std::string_view text) {
  Lexer lexer(text);
  std::vector<ScannedItem> items;
  while (true) {
    items.push_back(lexer.Lex());
    if (items.back().token == Token::kEndOfString) return items;
  }
}

Result<std::vector<LabelRequirement>> ParseRequirements(std::string_view text) {
  return Parser(text).Parse();
}

}  // namespace tidepool::api::selector_internal
