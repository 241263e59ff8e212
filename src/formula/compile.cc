#include "formula/compile.h"

#include "formula/checker.h"
#include "formula/parser.h"

namespace tidepool::formula {

class Compiler {
 public:
  static Result<Program> Run(std::string_view source, std::span<const std::string> names,
                             ResultCast cast) {
    SyntaxTree tree;
    SourceError error;
    int32_t slot_count = 0;
    if (!Parse(source, tree, error) || !Check(tree, names, cast, slot_count, error)) {
      return Fail(ErrorCode::kInvalidArgument, FormatSourceError(source, error.pos, error.message));
    }
    Program p;
    p.source_ = std::string(source);
    p.nodes_ = std::move(tree.nodes);
    p.args_ = std::move(tree.args);
    p.root_ = tree.root;
    p.slot_count_ = slot_count;
    p.trigger_count_ = names.size();
    p.cast_ = cast;
    return p;
  }
};

Result<Program> Compile(std::string_view source, std::span<const std::string> trigger_names,
                        ResultCast cast) {
  return Compiler::Run(source, trigger_names, cast);
}

std::string FormatSourceError(std::string_view source, int32_t pos, std::string_view message) {
  // expr's file.Error.Bind: walk runes up to `pos`, counting lines and columns.
  int line = 1;
  int column = 0;
  size_t line_start = 0;
  int32_t runes = 0;
  for (size_t i = 0; i < source.size(); ++i) {
    const auto byte = static_cast<unsigned char>(source[i]);
    if ((byte & 0xC0) == 0x80) continue;  // continuation byte: same rune
    if (runes == pos) break;
    if (source[i] == '\n') {
      line_start = i + 1;
      ++line;
      column = 0;
    } else {
      ++column;
    }
    ++runes;
  }
  size_t line_end = source.find('\n', line_start);
  if (line_end == std::string_view::npos) line_end = source.size();
  if (line_start == line_end) return std::string(message);
  std::string out(message);
  out += " (" + std::to_string(line) + ":" + std::to_string(column + 1) + ")\n | ";
  for (char c : source.substr(line_start, line_end - line_start)) out += c == '\t' ? ' ' : c;
  out += "\n | ";
  out.append(static_cast<size_t>(column), '.');
  out += '^';
  return out;
}

}  // namespace tidepool::formula
