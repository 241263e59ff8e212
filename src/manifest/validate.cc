#include "manifest/validate.h"

#include "manifest/default_registry.h"
#include "manifest/loader.h"

namespace tidepool::manifest {

int RunValidate(const std::vector<std::string>& files, std::ostream& out, std::ostream& err) {
  Loader loader(DefaultRegistry());
  LoadResult result;
  bool unreadable = false;
  for (const std::string& file : files) {
    Status status = loader.AddFile(file, result);
    if (!status) {
      err << status.error().message() << "\n";
      unreadable = true;
    }
  }
  loader.ValidateSet(result);
  for (const Problem& w : result.warnings) err << "warning: " << w.ToString() << "\n";
  for (const Problem& p : result.problems) out << p.ToString() << "\n";
  if (unreadable) return 2;
  if (!result.problems.empty()) return 1;
  out << "ok: " << result.objects.size() << " objects";
  if (result.skipped > 0) out << " (" << result.skipped << " skipped)";
  out << "\n";
  return 0;
}

}  // namespace tidepool::manifest
