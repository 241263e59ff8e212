#include "manifest/set_validation.h"

#include <vector>

#include "api/keda/scaled_object_set_validation.h"
#include "manifest/loader.h"

namespace tidepool::manifest {

void ValidateObjectSet(LoadResult& result) {
  std::vector<const api::Object*> objects;
  objects.reserve(result.objects.size());
  for (const LoadedObject& loaded : result.objects) objects.push_back(loaded.object.get());

  std::vector<api::keda::ObjectFieldError> errors;
  api::keda::ValidateScaledObjectSet(objects, errors);
  for (const api::keda::ObjectFieldError& e : errors) {
    const LoadedObject& loaded = result.objects[e.index];
    result.problems.push_back(
        {loaded.file, loaded.doc, loaded.object->DisplayName(), e.error.path, e.error.message});
  }
}

}  // namespace tidepool::manifest
