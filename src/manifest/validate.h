// `tidepool validate -f FILE...`: loads every file and reports every problem.
// Exit codes: 0 when every document is valid (prints `ok: N objects`), 1 when some object is
// invalid (one line per problem, `FILE:DOC: Kind/name: field.path: message`), 2 when a file cannot
// be read or parsed (`FILE: line L, column C: message`). Exit 2 wins over 1.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tidepool::manifest {

int RunValidate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

}  // namespace tidepool::manifest
