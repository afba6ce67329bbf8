#include "optim/factory.hpp"

#include "core/check.hpp"
#include "optim/adagrad.hpp"
#include "optim/adam.hpp"
#include "optim/rmsprop.hpp"
#include "optim/sgd.hpp"

namespace rp {

const std::vector<std::string>& optimizer_names() {
  static const std::vector<std::string> names = {"rmsprop", "sgd", "adam", "adagrad"};
  return names;
}

namespace {

// Applies the overrides to a typed config and validates it once, so an error names the first
// bad field rather than an intermediate state.
template <class Config>
Config apply(Config c, const std::string& prefix, const OptimizerSpec& spec) {
  for (const auto& [key, value] : spec.values) assign_field(c, prefix, key, value);
  c.validate();
  return c;
}

}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const OptimizerSpec& spec) {
  if (!spec.preset.empty() && spec.name != "rmsprop")
    fail("optimizer.preset", "presets exist only for rmsprop (got optimizer '" + spec.name + "')");
  if (spec.name == "rmsprop") {
    const RMSPropConfig base = spec.preset.empty() ? RMSPropConfig{} : rmsprop_preset(spec.preset);
    return std::make_unique<RMSProp>(apply(base, "rmsprop", spec));
  }
  if (spec.name == "sgd") return std::make_unique<SGD>(apply(SGDConfig{}, "sgd", spec));
  if (spec.name == "adam") return std::make_unique<Adam>(apply(AdamConfig{}, "adam", spec));
  if (spec.name == "adagrad") return std::make_unique<Adagrad>(apply(AdagradConfig{}, "adagrad", spec));
  fail_unknown("optimizer.name", spec.name, optimizer_names());
}

}  // namespace rp
