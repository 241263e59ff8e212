#include "formula/parser.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "formula/builtins.h"

namespace tidepool::formula {
namespace {

// expr's default limit on the size of an expression.
constexpr size_t kMaxNodes = 10000;
// Recursion guard: deeper nesting than any formula needs is refused instead of exhausting the
// stack (expr's Go stacks grow; ours do not).
constexpr int kMaxNesting = 200;

struct BinaryOp {
  std::string_view text;
  int precedence;
  bool right_assoc;
  Op op;
};

// expr's parser/operator Binary table. Operators on strings and pipes map to kUnsupported or
// are handled specially.
constexpr BinaryOp kBinaryOps[] = {
    {"|", 0, false, Op::kCall},
    {"or", 10, false, Op::kOr},
    {"||", 10, false, Op::kOr},
    {"and", 15, false, Op::kAnd},
    {"&&", 15, false, Op::kAnd},
    {"==", 20, false, Op::kEq},
    {"!=", 20, false, Op::kNe},
    {"<", 20, false, Op::kLt},
    {">", 20, false, Op::kGt},
    {">=", 20, false, Op::kGe},
    {"<=", 20, false, Op::kLe},
    {"in", 20, false, Op::kIn},
    {"matches", 20, false, Op::kUnsupported},
    {"contains", 20, false, Op::kUnsupported},
    {"startsWith", 20, false, Op::kUnsupported},
    {"endsWith", 20, false, Op::kUnsupported},
    {"..", 25, false, Op::kRange},
    {"+", 30, false, Op::kAdd},
    {"-", 30, false, Op::kSub},
    {"*", 60, false, Op::kMul},
    {"/", 60, false, Op::kDiv},
    {"%", 60, false, Op::kMod},
    {"**", 100, true, Op::kPow},
    {"^", 100, true, Op::kPow},
    {"??", 500, false, Op::kCoalesce},
};

const BinaryOp* FindBinary(std::string_view text) {
  for (const BinaryOp& op : kBinaryOps) {
    if (op.text == text) return &op;
  }
  return nullptr;
}

bool IsComparison(std::string_view op) {
  return op == "<" || op == ">" || op == ">=" || op == "<=";
}

bool AllowedNegateSuffix(std::string_view op) {
  return op == "contains" || op == "matches" || op == "startsWith" || op == "endsWith" ||
         op == "in";
}

bool IsValidIdentifier(std::string_view s) {
  if (s.empty()) return false;
  const char h = s.front();
  if (!((h >= 'a' && h <= 'z') || (h >= 'A' && h <= 'Z') || h == '_' || h == '$' ||
        static_cast<unsigned char>(h) >= 0x80)) {
    return false;
  }
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '$' || static_cast<unsigned char>(c) >= 0x80)) {
      return false;
    }
  }
  return true;
}

class Parser {
 public:
  Parser(std::string_view source, SyntaxTree& tree) : lexer_(source), tree_(tree) {}

  bool Run(SourceError& error) {
    Next();
    tree_.root = ParseSequence();
    if (!current_.Is(TokenKind::kEof)) Error("unexpected token " + Describe(current_));
    if (failed_) {
      error = error_;
      return false;
    }
    return true;
  }

 private:
  void Next() {
    if (failed_) return;
    if (started_ && current_.Is(TokenKind::kEof)) {
      // Reading past the end, as `foo.` does.
      Error("unexpected end of expression");
      return;
    }
    started_ = true;
    SourceError e;
    if (!lexer_.Next(current_, e)) {
      failed_ = true;
      error_ = std::move(e);
      return;
    }
  }

  void ErrorAt(const Token& t, std::string message) {
    if (failed_) return;
    failed_ = true;
    error_.pos = t.pos;
    error_.message = std::move(message);
  }
  void Error(std::string message) { ErrorAt(current_, std::move(message)); }

  void Expect(TokenKind kind, std::string_view value) {
    if (current_.Is(kind, value)) {
      Next();
      return;
    }
    Error("unexpected token " + Describe(current_));
  }
  void ExpectIdentifier() {
    if (current_.Is(TokenKind::kIdentifier)) {
      Next();
      return;
    }
    Error("unexpected token " + Describe(current_));
  }

  int32_t Make(Node n) {
    if (tree_.nodes.size() >= kMaxNodes) {
      Error("compilation failed: expression exceeds maximum allowed nodes");
      if (!tree_.nodes.empty()) return 0;
    }
    tree_.nodes.push_back(n);
    return static_cast<int32_t>(tree_.nodes.size() - 1);
  }
  int32_t MakeConst(Value v, int32_t pos) {
    Node n;
    n.op = Op::kConst;
    n.constant = v;
    n.pos = pos;
    return Make(n);
  }
  int32_t MakeOp(Op op, int32_t a, int32_t b, int32_t pos) {
    Node n;
    n.op = op;
    n.a = a;
    n.b = b;
    n.pos = pos;
    return Make(n);
  }
  // An operator node that remembers how the operator was spelled ("and" or "&&").
  int32_t MakeOperator(Op op, std::string_view spelling, int32_t a, int32_t b, int32_t pos) {
    Node n;
    n.op = op;
    n.a = a;
    n.b = b;
    n.d = AddString(std::string(spelling));
    n.pos = pos;
    return Make(n);
  }
  int32_t MakeUnsupported(std::string what, int32_t pos) {
    Node n;
    n.op = Op::kUnsupported;
    n.d = AddString(std::move(what));
    n.pos = pos;
    return Make(n);
  }
  int32_t AddString(std::string s) {
    tree_.strings.push_back(std::move(s));
    return static_cast<int32_t>(tree_.strings.size() - 1);
  }
  // Stores a list contiguously in tree_.args; returns its first index.
  int32_t AddArgs(const std::vector<int32_t>& list) {
    const auto first = static_cast<int32_t>(tree_.args.size());
    tree_.args.insert(tree_.args.end(), list.begin(), list.end());
    return first;
  }
  int32_t MakeList(Op op, const std::vector<int32_t>& list, int32_t pos) {
    const int32_t first = AddArgs(list);
    return MakeOp(op, first, static_cast<int32_t>(list.size()), pos);
  }

  int32_t ParseSequence() {
    std::vector<int32_t> nodes{ParseExpression(0)};
    while (current_.Is(TokenKind::kOperator, ";") && !failed_) {
      Next();
      if (current_.Is(TokenKind::kEof)) break;
      nodes.push_back(ParseExpression(0));
    }
    if (nodes.size() == 1) return nodes[0];
    return MakeList(Op::kSequence, nodes, tree_.nodes[static_cast<size_t>(nodes[0])].pos);
  }

  int32_t ParseExpression(int precedence) {
    if (failed_) return MakeConst(Value(), current_.pos);
    if (++nesting_ > kMaxNesting) {
      Error("compilation failed: expression is nested too deeply");
      --nesting_;
      return MakeConst(Value(), current_.pos);
    }
    const int32_t result = ParseExpressionUnguarded(precedence);
    --nesting_;
    return result;
  }

  int32_t ParseExpressionUnguarded(int precedence) {
    if (precedence == 0 && current_.Is(TokenKind::kOperator, "let")) {
      return ParseVariableDeclaration();
    }
    if (precedence == 0 && current_.Is(TokenKind::kOperator, "if")) return ParseConditionalIf();

    int32_t left = ParsePrimary();
    std::string_view prev_operator;
    Token op_token = current_;
    while (op_token.Is(TokenKind::kOperator) && !failed_) {
      const bool negate = op_token.Is(TokenKind::kOperator, "not");
      Token not_token;
      if (negate) {
        // `not in`, `not contains`, ...
        Next();
        if (AllowedNegateSuffix(current_.text) && current_.Is(TokenKind::kOperator)) {
          const BinaryOp* suffix = FindBinary(current_.text);
          if (suffix == nullptr || suffix->precedence < precedence) {
            // expr backs up here so an outer level takes the `not`; a formula with
            // `a + b not in c` is rare enough to report instead.
            Error("unexpected token " + Describe(current_));
            break;
          }
          not_token = op_token;
          op_token = current_;
        } else {
          Error("unexpected token " + Describe(current_));
          break;
        }
      }
      const BinaryOp* op = FindBinary(op_token.text);
      if (op == nullptr || op->precedence < precedence) break;
      Next();

      if (op_token.text == "|") {
        const Token ident = current_;
        ExpectIdentifier();
        left = ParseCall(ident, {left});
        prev_operator = op_token.text;
        op_token = current_;
        continue;
      }
      if (prev_operator == "??" && op_token.text != "??") {
        ErrorAt(op_token, "Operator (" + std::string(op_token.text) +
                              ") and coalesce expressions (?\?) cannot be mixed. Wrap either by "
                              "parentheses.");
        break;
      }
      if (IsComparison(op_token.text)) {
        left = ParseComparison(left, op_token, op->precedence);
      } else {
        const int32_t right =
            ParseExpression(op->right_assoc ? op->precedence : op->precedence + 1);
        if (op->op == Op::kUnsupported) {
          left = MakeUnsupported("operator " + std::string(op_token.text), op_token.pos);
        } else {
          left = MakeOperator(op->op, op_token.text, left, right, op_token.pos);
        }
        if (negate) left = MakeOperator(Op::kNot, "not", left, -1, not_token.pos);
      }
      prev_operator = op_token.text;
      op_token = current_;
    }
    if (precedence == 0) left = ParseConditional(left);
    return left;
  }

  int32_t ParseVariableDeclaration() {
    Expect(TokenKind::kOperator, "let");
    const Token name = current_;
    ExpectIdentifier();
    Expect(TokenKind::kOperator, "=");
    const int32_t value = ParseExpression(0);
    Expect(TokenKind::kOperator, ";");
    const int32_t body = ParseSequence();
    Node n;
    n.op = Op::kLet;
    n.a = value;
    n.b = body;
    n.d = AddString(std::string(name.text));
    n.pos = name.pos;
    return Make(n);
  }

  int32_t ParseConditionalIf() {
    const int32_t pos = current_.pos;
    Next();
    if (failed_) return MakeConst(Value(), pos);
    const int32_t cond = ParseExpression(0);
    Expect(TokenKind::kBracket, "{");
    const int32_t then_node = ParseSequence();
    Expect(TokenKind::kBracket, "}");
    Expect(TokenKind::kOperator, "else");
    int32_t else_node;
    if (current_.Is(TokenKind::kOperator, "if") && !failed_) {
      else_node = ParseConditionalIf();
    } else {
      Expect(TokenKind::kBracket, "{");
      else_node = ParseSequence();
      Expect(TokenKind::kBracket, "}");
    }
    Node n;
    n.op = Op::kCond;
    n.a = cond;
    n.b = then_node;
    n.c = else_node;
    return Make(n);
  }

  int32_t ParseConditional(int32_t node) {
    while (current_.Is(TokenKind::kOperator, "?") && !failed_) {
      Next();
      int32_t then_node;
      int32_t else_node;
      if (!current_.Is(TokenKind::kOperator, ":")) {
        then_node = ParseExpression(0);
        Expect(TokenKind::kOperator, ":");
        else_node = ParseExpression(0);
      } else {
        // `a ?: b` is `a ? a : b`.
        Next();
        then_node = node;
        else_node = ParseExpression(0);
      }
      Node n;
      n.op = Op::kCond;
      n.a = node;
      n.b = then_node;
      n.c = else_node;
      n.pos = current_.pos;
      node = Make(n);
    }
    return node;
  }

  int32_t ParsePrimary() {
    const Token token = current_;
    if (token.Is(TokenKind::kOperator)) {
      Op op = Op::kConst;
      int precedence = 0;
      if (token.text == "not" || token.text == "!") {
        op = Op::kNot;
        precedence = 50;
      } else if (token.text == "-") {
        op = Op::kNeg;
        precedence = 90;
      } else if (token.text == "+") {
        op = Op::kPlus;
        precedence = 90;
      }
      if (op != Op::kConst) {
        Next();
        const int32_t operand = ParseExpression(precedence);
        return ParsePostfix(MakeOperator(op, token.text, operand, -1, token.pos));
      }
    }
    if (token.Is(TokenKind::kBracket, "(")) {
      Next();
      const int32_t inner = ParseSequence();
      Expect(TokenKind::kBracket, ")");
      return ParsePostfix(inner);
    }
    if (predicate_depth_ > 0 && token.Is(TokenKind::kOperator, "#")) {
      Next();
      Node n;
      n.op = Op::kPointer;
      n.pos = token.pos;
      if (current_.Is(TokenKind::kIdentifier)) {
        n.d = AddString(std::string(current_.text));
        Next();
      }
      return ParsePostfix(Make(n));
    }
    if (predicate_depth_ > 0 && token.Is(TokenKind::kOperator, ".")) {
      Next();
      return ParsePostfix(MakeUnsupported("field access", token.pos));
    }
    if (token.Is(TokenKind::kOperator, "::")) {
      Next();
      const Token name = current_;
      ExpectIdentifier();
      return ParsePostfix(ParseCall(name, {}));
    }
    return ParseSecondary();
  }

  int32_t ParseSecondary() {
    const Token token = current_;
    int32_t node;
    switch (token.kind) {
      case TokenKind::kIdentifier:
        Next();
        if (token.text == "true" || token.text == "false") {
          return MakeConst(Value::Bool(token.text == "true"), token.pos);
        }
        if (token.text == "nil") return MakeConst(Value::Nil(), token.pos);
        if (current_.Is(TokenKind::kBracket, "(")) {
          node = ParseCall(token, {});
        } else {
          Node n;
          n.op = Op::kIdent;
          n.d = AddString(std::string(token.text));
          n.pos = token.pos;
          node = Make(n);
        }
        break;
      case TokenKind::kNumber:
        Next();
        return ParseNumber(token);
      case TokenKind::kString: {
        Next();
        std::string value;
        UnquoteString(token.text, value);
        Node n;
        n.op = Op::kString;
        n.d = AddString(std::move(value));
        n.pos = token.pos;
        node = Make(n);
        break;
      }
      default:
        if (token.Is(TokenKind::kBracket, "[")) {
          node = ParseArray(token);
        } else if (token.Is(TokenKind::kBracket, "{")) {
          node = ParseMap(token);
        } else {
          Error("unexpected token " + Describe(token));
          return MakeConst(Value(), token.pos);
        }
    }
    return ParsePostfix(node);
  }

  int32_t ParseNumber(const Token& token) {
    std::string value;
    for (char c : token.text) {
      if (c != '_') value += c;
    }
    std::string lower;
    for (char c : value) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    auto parse_int = [&](std::string_view digits, int base, std::string_view what) {
      uint64_t u = 0;
      auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), u, base);
      if (digits.empty() || ec != std::errc() || ptr != digits.data() + digits.size() ||
          u > static_cast<uint64_t>(INT64_MAX)) {
        Error("invalid " + std::string(what) + " literal: strconv.ParseInt: parsing \"" + value +
              "\": " +
              (ec == std::errc::result_out_of_range || u > INT64_MAX ? "value out of range"
                                                                     : "invalid syntax"));
        return MakeConst(Value(), token.pos);
      }
      return MakeConst(Value::Int(static_cast<int64_t>(u)), token.pos);
    };
    const std::string_view lv = lower;
    if (lv.starts_with("0x")) return parse_int(lv.substr(2), 16, "hex");
    if (lv.find_first_of(".e") != std::string_view::npos) {
      double d = 0;
      auto [ptr, ec] = std::from_chars(lv.data(), lv.data() + lv.size(), d);
      if (ec != std::errc() || ptr != lv.data() + lv.size()) {
        Error("invalid float literal: strconv.ParseFloat: parsing \"" + value + "\": " +
              (ec == std::errc::result_out_of_range ? "value out of range" : "invalid syntax"));
        return MakeConst(Value(), token.pos);
      }
      return MakeConst(Value::Float(d), token.pos);
    }
    if (lv.starts_with("0b")) return parse_int(lv.substr(2), 2, "binary");
    if (lv.starts_with("0o")) return parse_int(lv.substr(2), 8, "octal");
    return parse_int(lv, 10, "integer");
  }

  // A call of `token`'s name; `args` holds a piped-in first argument, if any.
  int32_t ParseCall(const Token& token, std::vector<int32_t> args) {
    const std::string name(token.text);
    if (const PredicateSpec* spec = FindPredicateBuiltin(token.text)) {
      Expect(TokenKind::kBracket, "(");
      const size_t skip = args.size();
      for (int i = static_cast<int>(skip); i < spec->arg_count && !failed_; ++i) {
        const uint8_t kind = spec->args[i];
        if ((kind & kOptionalArg) != 0) {
          if (current_.Is(TokenKind::kBracket, ")")) break;
        } else if (current_.Is(TokenKind::kBracket, ")")) {
          Error("expected at least " + std::to_string(spec->arg_count - skip) + " arguments");
        }
        if (static_cast<size_t>(i) > skip) Expect(TokenKind::kOperator, ",");
        args.push_back((kind & kPredicateArg) != 0 ? ParsePredicate() : ParseExpression(0));
      }
      if (current_.Is(TokenKind::kOperator, ",")) Next();
      Expect(TokenKind::kBracket, ")");
      Node n;
      n.op = Op::kBuiltin;
      n.fn = spec->fn;
      n.a = AddArgs(args);
      n.b = static_cast<int32_t>(args.size());
      n.d = AddString(name);
      n.pos = token.pos;
      return Make(n);
    }
    const Builtin fn = FindPlainBuiltin(token.text);
    ParseArguments(args);
    Node n;
    n.op = fn == Builtin::kNotBuiltin ? Op::kCall : Op::kBuiltin;
    n.fn = fn;
    n.a = AddArgs(args);
    n.b = static_cast<int32_t>(args.size());
    n.d = AddString(name);
    n.pos = token.pos;
    return Make(n);
  }

  void ParseArguments(std::vector<int32_t>& args) {
    const size_t offset = args.size();
    Expect(TokenKind::kBracket, "(");
    while (!current_.Is(TokenKind::kBracket, ")") && !failed_) {
      if (args.size() > offset) Expect(TokenKind::kOperator, ",");
      if (current_.Is(TokenKind::kBracket, ")")) break;
      args.push_back(ParseExpression(0));
    }
    Expect(TokenKind::kBracket, ")");
  }

  int32_t ParsePredicate() {
    const Token start = current_;
    const bool with_brackets = current_.Is(TokenKind::kBracket, "{");
    if (with_brackets) Next();
    ++predicate_depth_;
    int32_t body;
    if (with_brackets) {
      body = ParseSequence();
    } else {
      body = ParseExpression(0);
      if (current_.Is(TokenKind::kOperator, ";")) Error("wrap predicate with brackets { and }");
    }
    --predicate_depth_;
    if (with_brackets) Expect(TokenKind::kBracket, "}");
    return MakeOp(Op::kPredicate, body, -1, start.pos);
  }

  int32_t ParseArray(const Token& token) {
    std::vector<int32_t> elements;
    Expect(TokenKind::kBracket, "[");
    while (!current_.Is(TokenKind::kBracket, "]") && !failed_) {
      if (!elements.empty()) {
        Expect(TokenKind::kOperator, ",");
        if (current_.Is(TokenKind::kBracket, "]")) break;
      }
      elements.push_back(ParseExpression(0));
    }
    Expect(TokenKind::kBracket, "]");
    return MakeList(Op::kArray, elements, token.pos);
  }

  // Maps parse (so their syntax errors read as expr's) but do not compile.
  int32_t ParseMap(const Token& token) {
    Expect(TokenKind::kBracket, "{");
    bool first = true;
    while (!current_.Is(TokenKind::kBracket, "}") && !failed_) {
      if (!first) {
        Expect(TokenKind::kOperator, ",");
        if (current_.Is(TokenKind::kBracket, "}")) break;
        if (current_.Is(TokenKind::kOperator, ",")) Error("unexpected token " + Describe(current_));
      }
      first = false;
      if (current_.Is(TokenKind::kNumber) || current_.Is(TokenKind::kString) ||
          current_.Is(TokenKind::kIdentifier)) {
        Next();
      } else if (current_.Is(TokenKind::kBracket, "(")) {
        ParseExpression(0);
      } else {
        Error(
            "a map key must be a quoted string, a number, a identifier, or an expression "
            "enclosed in parentheses (unexpected token " +
            Describe(current_) + ")");
      }
      Expect(TokenKind::kOperator, ":");
      ParseExpression(0);
    }
    Expect(TokenKind::kBracket, "}");
    return MakeUnsupported("map", token.pos);
  }

  int32_t ParsePostfix(int32_t node) {
    Token postfix = current_;
    while ((postfix.Is(TokenKind::kOperator) || postfix.Is(TokenKind::kBracket)) && !failed_) {
      const bool optional = postfix.text == "?.";
      if (postfix.text == "." || postfix.text == "?.") {
        Next();
        const Token property = current_;
        if (optional && property.Is(TokenKind::kBracket, "[")) {
          postfix = property;
          continue;
        }
        Next();
        if (!property.Is(TokenKind::kIdentifier) &&
            !(property.Is(TokenKind::kOperator) && IsValidIdentifier(property.text))) {
          Error("expected name");
        }
        Node prop;
        prop.op = Op::kString;
        prop.d = AddString(std::string(property.text));
        prop.pos = property.pos;
        node = MakeOp(Op::kMember, node, Make(prop), property.pos);
        if (current_.Is(TokenKind::kBracket, "(")) {
          std::vector<int32_t> ignored;
          ParseArguments(ignored);
          node = MakeUnsupported("method call", property.pos);
        }
      } else if (postfix.text == "[") {
        Next();
        if (current_.Is(TokenKind::kOperator, ":")) {
          Next();
          if (!current_.Is(TokenKind::kBracket, "]")) ParseExpression(0);
          node = MakeUnsupported("slice", postfix.pos);
          Expect(TokenKind::kBracket, "]");
        } else {
          const int32_t from = ParseExpression(0);
          if (current_.Is(TokenKind::kOperator, ":")) {
            Next();
            if (!current_.Is(TokenKind::kBracket, "]")) ParseExpression(0);
            node = MakeUnsupported("slice", postfix.pos);
          } else {
            node = MakeOp(Op::kMember, node, from, postfix.pos);
          }
          Expect(TokenKind::kBracket, "]");
        }
      } else {
        break;
      }
      postfix = current_;
    }
    return node;
  }

  int32_t ParseComparison(int32_t left, Token token, int precedence) {
    int32_t root = -1;
    while (true) {
      const int32_t comparator = ParseExpression(precedence + 1);
      const int32_t cmp =
          MakeOperator(FindBinary(token.text)->op, token.text, left, comparator, token.pos);
      root = root < 0 ? cmp : MakeOperator(Op::kAnd, "&&", root, cmp, token.pos);
      left = comparator;
      token = current_;
      if (!(token.Is(TokenKind::kOperator) && IsComparison(token.text) && !failed_)) break;
      Next();
    }
    return root;
  }

  Lexer lexer_;
  SyntaxTree& tree_;
  Token current_;
  bool started_ = false;
  bool failed_ = false;
  SourceError error_;
  int predicate_depth_ = 0;
  int nesting_ = 0;
};

}  // namespace

bool Parse(std::string_view source, SyntaxTree& tree, SourceError& error) {
  tree = SyntaxTree();
  Parser parser(source, tree);
  return parser.Run(error);
}

}  // namespace tidepool::formula
